import { SANDBOX_STK_PASSKEY } from "@kavi/daraja";
import {
  type DarajaSimulator,
  SIMULATOR_REJECTED_CONSUMER_KEY,
  startDarajaSimulator,
} from "@kavi/daraja/simulator";
import { activityLog, mpesaSettings } from "@kavi/db";
import { createKeyring, DEVELOPMENT_DATA_ENCRYPTION_KEYS, parseKeyring } from "@kavi/security";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMpesaConfig } from "../../services/mpesa/config";
import {
  loadMpesaCredentials,
  reencryptMpesaSecrets,
  resolveCallbackToken,
} from "../../services/mpesa/settings";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../../testing";

let harness: TestHarness;
let simulator: DarajaSimulator;
let owner: SignedInUser;
let businessId: string;

const settingsInput = (overrides: Record<string, unknown> = {}) => ({
  businessId,
  accountType: "paybill" as const,
  shortcode: "174379",
  environment: "sandbox" as const,
  consumerKey: "consumer-key-ABCD",
  consumerSecret: "consumer-secret-WXYZ",
  passkey: SANDBOX_STK_PASSKEY,
  ...overrides,
});

beforeAll(async () => {
  simulator = await startDarajaSimulator({ port: 0 });
  harness = await createTestHarness({
    mpesa: createMpesaConfig({
      publicApiUrl: "https://api.kavi.test",
      darajaBaseUrl: simulator.url,
      production: false,
    }),
  });
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
});
afterAll(async () => {
  await harness.close();
  await simulator.close();
});

describe("M-Pesa settings", () => {
  it("says M-Pesa is not set up until it is, and asks for every secret the first time", async () => {
    expect(await owner.caller.mpesa.settings.get({ businessId })).toEqual({
      available: true,
      configured: false,
    });
    expect(await owner.caller.mpesa.status({ businessId })).toEqual({ configured: false });
    await expect(owner.caller.mpesa.settings.save(settingsInput({ passkey: "" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The passkey is required",
    });
  });

  it("encrypts secrets at rest, bound to the business, and never returns them", async () => {
    const view = await owner.caller.mpesa.settings.save(settingsInput());
    if (!view.configured) throw new Error("not configured");
    expect(view.secrets.consumerKey).toEqual({ set: true, hint: "…ABCD" });
    expect(view.secrets.consumerSecret).toEqual({ set: true, hint: "…WXYZ" });
    expect(JSON.stringify(view)).not.toContain("consumer-key-ABCD");
    expect(JSON.stringify(view)).not.toContain(SANDBOX_STK_PASSKEY);
    const [row] = await harness.db
      .select()
      .from(mpesaSettings)
      .where(eq(mpesaSettings.businessId, businessId));
    expect(row?.consumerKeyCiphertext).toMatch(/^v1\.dev\./);
    expect(JSON.stringify(row)).not.toContain("consumer-key-ABCD");
    expect(JSON.stringify(row)).not.toContain(SANDBOX_STK_PASSKEY);
    // A ciphertext copied to another business does not decrypt there.
    const keyring = createKeyring(parseKeyring(DEVELOPMENT_DATA_ENCRYPTION_KEYS));
    expect(() =>
      keyring.decrypt(String(row?.passkeyCiphertext), `mpesa:${crypto.randomUUID()}:passkey`),
    ).toThrow();
    const credentials = await loadMpesaCredentials(harness.db, harness.services.config.mpesa, businessId);
    expect(credentials).toMatchObject({
      consumerKey: "consumer-key-ABCD",
      passkey: SANDBOX_STK_PASSKEY,
      stkShortcode: "174379",
    });
    // The audit row says which secrets changed, never their values.
    const [audit] = await harness.db
      .select()
      .from(activityLog)
      .where(eq(activityLog.action, "mpesa.settings_created"));
    expect(audit?.changes?.passkey).toEqual({ before: "[redacted]", after: "[redacted]" });
    expect(JSON.stringify(audit)).not.toContain(SANDBOX_STK_PASSKEY);
  });

  it("keeps saved secrets when fields are left empty; a Till pushes to its store number", async () => {
    const view = await owner.caller.mpesa.settings.save(
      settingsInput({
        accountType: "till",
        shortcode: "5123456",
        storeNumber: "174379",
        consumerKey: "",
        consumerSecret: "",
        passkey: "",
      }),
    );
    if (!view.configured) throw new Error("not configured");
    expect(view.secrets.consumerKey.hint).toBe("…ABCD");
    const credentials = await loadMpesaCredentials(harness.db, harness.services.config.mpesa, businessId);
    expect(credentials).toMatchObject({
      stkShortcode: "174379",
      shortcode: "5123456",
      stkTransactionType: "CustomerBuyGoodsOnline",
      consumerKey: "consumer-key-ABCD",
    });
    await expect(
      owner.caller.mpesa.settings.save(settingsInput({ accountType: "till", storeNumber: "" })),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await owner.caller.mpesa.settings.save(settingsInput());
  });

  it("tests the connection with OAuth against the chosen environment", async () => {
    expect(await owner.caller.mpesa.settings.testConnection({ businessId })).toEqual({
      ok: true,
      message: "Connected to the Daraja sandbox.",
    });
    await owner.caller.mpesa.settings.save(settingsInput({ consumerKey: SIMULATOR_REJECTED_CONSUMER_KEY }));
    const refused = await owner.caller.mpesa.settings.testConnection({ businessId });
    expect(refused).toEqual({ ok: false, message: "Daraja refused the consumer key or secret." });
    const view = await owner.caller.mpesa.settings.get({ businessId });
    expect(view.configured && view.lastTestOk).toBe(false);
    await owner.caller.mpesa.settings.save(settingsInput());
  });

  it("gives each business an unguessable callback token, regenerable; the old one stops resolving", async () => {
    const before = await owner.caller.mpesa.settings.get({ businessId });
    if (!before.configured || !before.callbackUrls) throw new Error("not configured");
    expect(before.callbackUrls.stk).toMatch(
      /^https:\/\/api\.kavi\.test\/api\/webhooks\/daraja\/[A-Za-z0-9_-]{43}\/stk$/,
    );
    const oldToken = String(before.callbackUrls.stk.split("/").at(-2));
    expect(await resolveCallbackToken(harness, oldToken)).toBe(businessId);
    const after = await owner.caller.mpesa.settings.regenerateCallbackToken({ businessId });
    if (!after.configured || !after.callbackUrls) throw new Error("not configured");
    const newToken = String(after.callbackUrls.stk.split("/").at(-2));
    expect(newToken).not.toBe(oldToken);
    expect(await resolveCallbackToken(harness, oldToken)).toBeNull();
    expect(await resolveCallbackToken(harness, newToken)).toBe(businessId);
  });

  it("is for owners and admins; other members only learn whether M-Pesa is on", async () => {
    const staff = await addMember(harness, owner, businessId, "staff", ["invoices", "payments"]);
    await expect(staff.caller.mpesa.settings.get({ businessId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await staff.caller.mpesa.status({ businessId })).toMatchObject({
      configured: true,
      shortcode: "174379",
    });
  });

  it("re-encrypts stale secrets after a key rotation", async () => {
    const rotated = createKeyring(
      parseKeyring(`k2:${Buffer.alloc(32, 9).toString("base64")},${DEVELOPMENT_DATA_ENCRYPTION_KEYS}`),
    );
    expect(await reencryptMpesaSecrets(harness.db, rotated)).toBeGreaterThanOrEqual(1);
    const [row] = await harness.db
      .select()
      .from(mpesaSettings)
      .where(eq(mpesaSettings.businessId, businessId));
    for (const ciphertext of [
      row?.consumerKeyCiphertext,
      row?.consumerSecretCiphertext,
      row?.passkeyCiphertext,
      row?.callbackTokenCiphertext,
    ]) {
      expect(ciphertext).toMatch(/^v1\.k2\./);
    }
    expect(await reencryptMpesaSecrets(harness.db, rotated)).toBe(0);
    const config = createMpesaConfig({
      publicApiUrl: "https://api.kavi.test",
      production: false,
      encryptionKeys: `k2:${Buffer.alloc(32, 9).toString("base64")}`,
    });
    expect((await loadMpesaCredentials(harness.db, config, businessId)).passkey).toBe(SANDBOX_STK_PASSKEY);
  });
});
