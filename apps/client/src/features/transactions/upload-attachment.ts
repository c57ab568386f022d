import type { UploadContentType } from "@kavi/domain";
import type { ApiClient } from "../../lib/trpc";
import { putToStorage } from "../../lib/upload";

/**
 * Attaches one file to a transaction: the API signs a PUT for exactly this type and size, the bytes go straight to
 * storage, then the API checks what arrived. Used by the attachments panel and by the offline queue's photo step.
 */
export async function uploadTransactionAttachment(
  client: ApiClient,
  file: {
    businessId: string;
    transactionId: string;
    blob: Blob;
    fileName: string;
    contentType: UploadContentType;
  },
): Promise<void> {
  const { fileId, upload } = await client.transactions.attachments.requestUpload.mutate({
    businessId: file.businessId,
    transactionId: file.transactionId,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.blob.size,
  });
  await putToStorage(upload, file.blob);
  await client.transactions.attachments.complete.mutate({ businessId: file.businessId, fileId });
}
