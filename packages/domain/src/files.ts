import { z } from "zod";
import { ZIdSchema } from "./schemas/common";

/**
 * What each kind of upload may be: the types (read from the file's bytes after upload, not from its name) and the
 * largest size. Shared by the API (which signs the upload for exactly the declared type and size) and the web app
 * (which says so before uploading).
 */
export const FILE_PURPOSES = ["transaction_attachment", "receipt", "business_logo", "kyc_document"] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

export const UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

const MB = 1024 * 1024;

export const FILE_PURPOSE_RULES: Record<
  FilePurpose,
  { contentTypes: readonly UploadContentType[]; maxBytes: number; label: string }
> = {
  transaction_attachment: {
    contentTypes: ["image/jpeg", "image/png", "image/webp", "application/pdf"],
    maxBytes: 10 * MB,
    label: "a photo (JPEG, PNG or WebP) or a PDF",
  },
  receipt: { contentTypes: ["image/jpeg", "image/png", "image/webp"], maxBytes: 10 * MB, label: "a photo" },
  // Logos go into invoice PDFs, which take PNG and JPEG.
  business_logo: {
    contentTypes: ["image/png", "image/jpeg"],
    maxBytes: 2 * MB,
    label: "a PNG or JPEG image",
  },
  kyc_document: {
    contentTypes: ["image/jpeg", "image/png", "image/webp", "application/pdf"],
    maxBytes: 10 * MB,
    label: "a photo or a PDF",
  },
};

/** "3.2 MB", for limits and file lists. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** Why a file cannot be uploaded for this purpose, in words for the person; null when it can. */
export function uploadProblem(purpose: FilePurpose, contentType: string, size: number): string | null {
  const rule = FILE_PURPOSE_RULES[purpose];
  if (!(rule.contentTypes as readonly string[]).includes(contentType)) return `Choose ${rule.label}`;
  if (size < 1) return "That file is empty";
  if (size > rule.maxBytes) return `That file is larger than ${formatFileSize(rule.maxBytes)}`;
  return null;
}

export const ZFileNameSchema = z
  .string()
  .trim()
  .min(1, { error: "The file needs a name" })
  .max(255)
  // Control characters and path separators never reach a stored name or a download header.
  .transform((name) =>
    [...name]
      .map((character) =>
        character.charCodeAt(0) < 32 ||
        character.charCodeAt(0) === 127 ||
        character === "/" ||
        character === "\\"
          ? "_"
          : character,
      )
      .join(""),
  );

/** Asking to upload: what the browser says the file is (checked against its bytes afterwards). */
export const ZRequestUploadSchema = z.object({
  fileName: ZFileNameSchema,
  contentType: z.enum(UPLOAD_CONTENT_TYPES, { error: "Choose a photo (JPEG, PNG or WebP) or a PDF" }),
  size: z
    .number()
    .int()
    .min(1, { error: "That file is empty" })
    .max(100 * MB),
});
export type TRequestUpload = z.output<typeof ZRequestUploadSchema>;

export const ZFileRefSchema = z.object({ fileId: ZIdSchema });
