import { createTesseractEngine, type OcrEngine } from "@kavi/ai";
import { RECEIPT_SAMPLES, renderReceiptPng } from "@kavi/ai/receipt-samples";
import { fileDeletions, files, receiptScans } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteDueBusinesses } from "../services/data-rights/deletion";
import { readBusinessLogo } from "../services/files/logo";
import { readReceiptScan } from "../services/files/receipts";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";

let harness: TestHarness;
let ocr: OcrEngine;

beforeAll(async () => {
  harness = await createTestHarness();
  ocr = createTesseractEngine();
});
afterAll(async () => {
  await ocr.close();
  await harness.close();
});

// A real 1×1 PNG, and bytes that only claim to be one.
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const HTML = new TextEncoder().encode("<html><script>alert(1)</script></html>");

async function owner(): Promise<{ user: SignedInUser; businessId: string; transactionId: string }> {
  const user = await signUpUser(harness);
  const businessId = (await createBusinessFor(user)).id;
  const transaction = await user.caller.transactions.create({
    businessId,
    type: "expense",
    amount: "1,250",
    transactionDate: "2026-11-20",
    description: "Fuel",
  });
  return { user, businessId, transactionId: transaction.id };
}

async function put(upload: { url: string; headers: Record<string, string> }, body: Uint8Array) {
  return fetch(upload.url, { method: "PUT", headers: upload.headers, body });
}

async function attach(user: SignedInUser, businessId: string, transactionId: string, body = PNG) {
  const { fileId, upload } = await user.caller.transactions.attachments.requestUpload({
    businessId,
    transactionId,
    fileName: "receipt photo.png",
    contentType: "image/png",
    size: body.length,
  });
  expect((await put(upload, body)).status).toBe(200);
  return fileId;
}

describe("attachments on transactions", () => {
  it("uploads with a presigned PUT, checks the bytes, lists with view and download links, and deletes", async () => {
    const { user, businessId, transactionId } = await owner();
    const first = await attach(user, businessId, transactionId);
    await user.caller.transactions.attachments.complete({ businessId, fileId: first });
    const second = await attach(user, businessId, transactionId);
    await user.caller.transactions.attachments.complete({ businessId, fileId: second });

    const list = await user.caller.transactions.attachments.list({ businessId, transactionId });
    expect(list.map((file) => file.id)).toEqual([first, second]);
    expect(list[0]).toMatchObject({
      fileName: "receipt photo.png",
      contentType: "image/png",
      sizeBytes: PNG.length,
    });
    const viewed = await fetch(list[0]?.viewUrl ?? "");
    expect(viewed.status).toBe(200);
    expect(new Uint8Array(await viewed.arrayBuffer())).toEqual(PNG);
    const download = await user.caller.transactions.attachments.download({ businessId, fileId: first });
    expect((await fetch(download.url)).headers.get("content-disposition")).toContain("attachment");

    const [row] = await harness.db.select().from(files).where(eq(files.id, first));
    expect(row?.objectKey).toMatch(
      new RegExp(`^businesses/${businessId}/transaction_attachment/[A-Za-z0-9_-]{43}$`),
    );
    await user.caller.transactions.attachments.delete({ businessId, fileId: first });
    expect(await harness.services.storage.head(row?.objectKey ?? "")).toBeNull();
    expect(await user.caller.transactions.attachments.list({ businessId, transactionId })).toHaveLength(1);
  });

  it("refuses types and sizes outside the purpose's limits before signing anything", async () => {
    const { user, businessId, transactionId } = await owner();
    const base = { businessId, transactionId, fileName: "x" };
    expect(
      (
        await refusal(
          user.caller.transactions.attachments.requestUpload({
            ...base,
            contentType: "text/html" as "image/png",
            size: 10,
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    const tooBig = await refusal(
      user.caller.transactions.attachments.requestUpload({
        ...base,
        contentType: "image/png",
        size: 11 * 1024 * 1024,
      }),
    );
    expect(tooBig.message).toBe("That file is larger than 10.0 MB");
    const logo = await refusal(
      user.caller.business.logo.requestUpload({
        businessId,
        fileName: "l.pdf",
        contentType: "application/pdf",
        size: 100,
      }),
    );
    expect(logo.message).toBe("Choose a PNG or JPEG image");
  });

  it("the presigned upload takes only the signed size and type", async () => {
    const { user, businessId, transactionId } = await owner();
    const { upload } = await user.caller.transactions.attachments.requestUpload({
      businessId,
      transactionId,
      fileName: "a.png",
      contentType: "image/png",
      size: PNG.length,
    });
    expect((await put(upload, new Uint8Array(PNG.length * 100))).status).toBe(403);
    expect(
      (await fetch(upload.url, { method: "PUT", headers: { "content-type": "text/html" }, body: PNG }))
        .status,
    ).toBe(403);
  });

  it("rejects and deletes an upload whose bytes are not what it claimed", async () => {
    const { user, businessId, transactionId } = await owner();
    const fileId = await attach(
      user,
      businessId,
      transactionId,
      new Uint8Array([...HTML, ...new Uint8Array(0)]),
    );
    const refused = await refusal(user.caller.transactions.attachments.complete({ businessId, fileId }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/is not a photo/);
    const [row] = await harness.db.select().from(files).where(eq(files.id, fileId));
    expect(row?.status).toBe("rejected");
    expect(await harness.services.storage.head(row?.objectKey ?? "")).toBeNull();
    expect(await user.caller.transactions.attachments.list({ businessId, transactionId })).toEqual([]);
  });

  it("another business's files and transactions answer NOT_FOUND; a viewer cannot upload", async () => {
    const a = await owner();
    const b = await owner();
    const fileId = await attach(a.user, a.businessId, a.transactionId);
    await a.user.caller.transactions.attachments.complete({ businessId: a.businessId, fileId });

    // B names its own business with A's ids: nothing of A's is reachable.
    // Each call is made when it is awaited (a refused promise left waiting is an unhandled rejection).
    for (const call of [
      () => b.user.caller.transactions.attachments.download({ businessId: b.businessId, fileId }),
      () => b.user.caller.transactions.attachments.complete({ businessId: b.businessId, fileId }),
      () => b.user.caller.transactions.attachments.delete({ businessId: b.businessId, fileId }),
      () =>
        b.user.caller.transactions.attachments.requestUpload({
          businessId: b.businessId,
          transactionId: a.transactionId,
          fileName: "x.png",
          contentType: "image/png",
          size: 10,
        }),
      () => b.user.caller.receipts.capture({ businessId: b.businessId, fileId }),
    ]) {
      expect((await refusal(call())).code).toBe("NOT_FOUND");
    }
    // And A's business id is simply not B's to use.
    expect(
      (await refusal(b.user.caller.transactions.attachments.download({ businessId: a.businessId, fileId })))
        .code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await refusal(
          b.user.caller.transactions.attachments.list({
            businessId: b.businessId,
            transactionId: a.transactionId,
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const viewer = await addMember(harness, a.user, a.businessId, "viewer");
    expect(
      (
        await refusal(
          viewer.caller.transactions.attachments.requestUpload({
            businessId: a.businessId,
            transactionId: a.transactionId,
            fileName: "x.png",
            contentType: "image/png",
            size: 10,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("deleting the business deletes every file it stored", async () => {
    const { user, businessId, transactionId } = await owner();
    for (let index = 0; index < 3; index += 1) {
      const fileId = await attach(user, businessId, transactionId);
      await user.caller.transactions.attachments.complete({ businessId, fileId });
    }
    const { fileId: logoId, upload } = await user.caller.business.logo.requestUpload({
      businessId,
      fileName: "logo.png",
      contentType: "image/png",
      size: PNG.length,
    });
    await put(upload, PNG);
    await user.caller.business.logo.set({ businessId, fileId: logoId });
    const keys = (await harness.db.select().from(files).where(eq(files.businessId, businessId))).map(
      (row) => row.objectKey,
    );
    expect(keys).toHaveLength(4);
    const { legalName } = await user.caller.business.get({ businessId });
    await user.caller.business.delete({ businessId, confirmation: legalName });
    // The daily job, once the grace period is over.
    await deleteDueBusinesses(harness.serviceContext(), new Date(Date.now() + 400 * 86_400_000));
    for (const key of keys) expect(await harness.services.storage.head(key)).toBeNull();
    // The queue keeps the keys until their upload links have expired (a late upload is swept too).
    expect((await harness.db.select().from(fileDeletions)).map((row) => row.objectKey)).toEqual(
      expect.arrayContaining(keys),
    );
  });
});

describe("business logo", () => {
  it("sets, replaces (deleting the old file) and removes the logo", async () => {
    const { user, businessId } = await owner();
    const upload = async () => {
      const requested = await user.caller.business.logo.requestUpload({
        businessId,
        fileName: "logo.png",
        contentType: "image/png",
        size: PNG.length,
      });
      await put(requested.upload, PNG);
      return requested.fileId;
    };
    const first = await upload();
    const { logoUrl } = await user.caller.business.logo.set({ businessId, fileId: first });
    expect((await fetch(logoUrl)).status).toBe(200);
    expect((await user.caller.business.get({ businessId })).logoUrl).toMatch(/X-Amz-Signature=/);
    const [firstRow] = await harness.db.select().from(files).where(eq(files.id, first));
    await user.caller.business.logo.set({ businessId, fileId: await upload() });
    expect(await harness.services.storage.head(firstRow?.objectKey ?? "")).toBeNull();
    await user.caller.business.logo.remove({ businessId });
    expect((await user.caller.business.get({ businessId })).logoUrl).toBeNull();
  });
});

describe("receipt capture", () => {
  it("reads a photographed receipt offline and books the confirmed expense with the photo attached", async () => {
    const { user, businessId } = await owner();
    const sample = RECEIPT_SAMPLES.find((candidate) => candidate.name === "supermarket-1");
    if (!sample) throw new Error("sample missing");
    const png = await renderReceiptPng(sample);
    const { fileId, upload } = await user.caller.receipts.requestUpload({
      businessId,
      fileName: "naivas.png",
      contentType: "image/png",
      size: png.length,
    });
    expect((await put(upload, png)).status).toBe(200);
    const scan = await user.caller.receipts.capture({ businessId, fileId });
    expect(scan.status).toBe("queued");
    // Capturing again is harmless.
    expect((await user.caller.receipts.capture({ businessId, fileId })).id).toBe(scan.id);

    // The worker's job, run here (no Gemini key: offline OCR).
    await readReceiptScan(
      { ...harness.serviceContext(), ocr, ai: { client: null, dailyRequestCap: 0 } },
      {
        scanId: scan.id,
      },
    );
    const read = await user.caller.receipts.get({ businessId, scanId: scan.id });
    expect(read).toMatchObject({
      status: "read",
      engine: "tesseract",
      receiptDate: sample.truth.date,
      totalMinor: sample.truth.totalMinor,
      vatMinor: sample.truth.vatMinor,
    });
    expect(read.merchant?.toLowerCase()).toBe(sample.truth.merchant.toLowerCase());
    expect((await user.caller.receipts.listOpen({ businessId })).map((open) => open.id)).toEqual([scan.id]);

    const expense = await user.caller.receipts.confirm({
      businessId,
      scanId: scan.id,
      type: "expense",
      amount: "534.00",
      transactionDate: sample.truth.date,
      description: read.merchant ?? "",
    });
    expect(expense.amountMinor).toBe(sample.truth.totalMinor);
    const attachments = await user.caller.transactions.attachments.list({
      businessId,
      transactionId: expense.id,
    });
    expect(attachments.map((file) => file.id)).toEqual([fileId]);
    const [row] = await harness.db.select().from(receiptScans).where(eq(receiptScans.id, scan.id));
    expect(row).toMatchObject({ status: "confirmed", transactionId: expense.id });
    const again = await refusal(
      user.caller.receipts.confirm({
        businessId,
        scanId: scan.id,
        type: "expense",
        amount: "534.00",
        transactionDate: sample.truth.date,
      }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(await user.caller.receipts.listOpen({ businessId })).toEqual([]);
  }, 60_000);
});

describe("the logo on invoices", () => {
  it("reads the business's logo for its invoice PDFs and emails", async () => {
    const { user, businessId } = await owner();
    expect(await readBusinessLogo(harness.services, businessId)).toBeNull();
    const { fileId, upload } = await user.caller.business.logo.requestUpload({
      businessId,
      fileName: "logo.png",
      contentType: "image/png",
      size: PNG.length,
    });
    await put(upload, PNG);
    await user.caller.business.logo.set({ businessId, fileId });
    expect(await readBusinessLogo(harness.services, businessId)).toEqual({
      bytes: PNG,
      contentType: "image/png",
    });
  });
});
