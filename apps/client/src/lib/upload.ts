import {
  FILE_PURPOSE_RULES,
  type FilePurpose,
  UPLOAD_CONTENT_TYPES,
  type UploadContentType,
  uploadProblem,
} from "@kavi/domain";

/**
 * Browser uploads go straight to storage: the API signs a PUT for exactly this file's type and size, the browser
 * sends the bytes there, then the API checks what arrived. This module is the middle step.
 */
export interface SignedUpload {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
}

/** What to tell the API about a chosen file, or why it cannot be uploaded (checked again by the API). */
export function describeFile(
  purpose: FilePurpose,
  file: Blob & { name?: string },
):
  | { ok: true; fileName: string; contentType: UploadContentType; size: number }
  | { ok: false; problem: string } {
  const contentType = (UPLOAD_CONTENT_TYPES as readonly string[]).includes(file.type)
    ? (file.type as UploadContentType)
    : null;
  const problem = contentType
    ? uploadProblem(purpose, contentType, file.size)
    : `Choose ${FILE_PURPOSE_RULES[purpose].label}`;
  if (problem || !contentType) return { ok: false, problem: problem ?? "Choose another file" };
  return { ok: true, fileName: file.name || "photo", contentType, size: file.size };
}

export async function putToStorage(upload: SignedUpload, file: Blob): Promise<void> {
  const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: file });
  if (!response.ok) throw new Error("The upload did not go through; check your connection and try again");
}

/** The `accept` attribute for a purpose's file picker. */
export function acceptFor(purpose: FilePurpose): string {
  return FILE_PURPOSE_RULES[purpose].contentTypes.join(",");
}
