import { randomUUID } from "node:crypto";
import { mpesaPaymentRequests, mpesaPayments, mpesaPayouts } from "@kavi/db";
import {
  API_KEY_MODULES,
  decideApiKeyScope,
  isPermission,
  PERMISSIONS,
  type Permission,
  ZIdSchema,
} from "@kavi/domain";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createContext } from "./context";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
  uniqueEmail,
} from "./testing";
import { callProcedure, listProcedures, type ProcedureInfo } from "./testing/procedures";
import { businessProcedure, createCallerFactory, createTRPCRouter, protectedProcedure } from "./trpc";

/**
 * The tenancy walker. Every procedure whose input names a business must go through businessProcedure, so a
 * member of business A who sends business B's real ids gets exactly what a missing id gets: NOT_FOUND.
 * Procedures that take no businessId must be listed here, each with the reason it is not business-scoped;
 * adding a business procedure that bypasses the builder, or an unlisted user-level one, fails this test.
 */
const USER_SCOPED: Record<string, string> = {
  "auth.signUp": "creates an account",
  "auth.confirmSignUp": "authorised by the sign-up ticket and the emailed code together",
  "auth.resendSignUpEmail": "authorised by the sign-up ticket; answers the same for every ticket",
  "auth.verifyEmail": "authorised by the emailed token",
  "auth.verifyEmailCode": "the caller's own address",
  "auth.resendVerification": "the caller's own address",
  "auth.signIn": "creates a session",
  "auth.refresh": "rotates the caller's own refresh token",
  "auth.signOut": "ends the caller's own session",
  "auth.signOutEverywhere": "ends the caller's own sessions",
  "auth.me": "the caller's own account and memberships",
  "auth.sessions": "the caller's own sessions",
  "auth.activity": "the caller's own account-level events",
  "auth.revokeSession": "the caller's own sessions (filtered by user)",
  "auth.changePassword": "the caller's own password",
  "auth.forgotPassword": "anonymous, answers the same for every email",
  "auth.resetPassword": "authorised by the emailed token",
  "profile.get": "the caller's own profile",
  "profile.update": "the caller's own profile",
  "business.list": "the caller's own memberships",
  "business.create": "creates a business owned by the caller",
  "dataRights.accountExports": "the caller's own data exports",
  "dataRights.requestAccountExport": "exports the caller's own data",
  "dataRights.accountExportDownload": "the caller's own data exports (filtered by user)",
  "dataRights.deleteAccount": "schedules the caller's own account's deletion (password required)",
  "dataRights.restoreAccount": "restores the caller's own account",
  "dataRights.accountDeletion": "the caller's own account's deletion state",
  "invitations.preview": "authorised by the emailed token",
  "invitations.accept": "authorised by the emailed token and the caller's email",
  "invitations.acceptById": "authorised by the caller's email",
  "invitations.decline": "authorised by the emailed token",
  "invitations.declineById": "authorised by the caller's email",
  "invitations.mine": "invitations addressed to the caller's email",
  "notifications.list": "the caller's own notifications",
  "notifications.unreadCount": "the caller's own notifications",
  "notifications.markRead": "the caller's own notifications (filtered by user)",
  "notifications.markAllRead": "the caller's own notifications",
  "admin.overview": "platform operators only",
  "admin.openQueueDashboard": "platform operators only",
  "lending.access": "the platform's lending desk only (super-admins and lending officers)",
  "lending.products": "the platform's lending desk only (super-admins and lending officers)",
  "lending.createProduct": "the platform's lending desk only (super-admins and lending officers)",
  "lending.updateProduct": "the platform's lending desk only (super-admins and lending officers)",
  "lending.queue": "the platform's lending desk only (super-admins and lending officers)",
  "lending.review": "the platform's lending desk only (super-admins and lending officers)",
  "lending.recommend": "the platform's lending desk only (super-admins and lending officers)",
  "lending.decide": "the platform's lending desk only (super-admins and lending officers)",
  "lending.portfolio": "the platform's lending desk only (super-admins and lending officers)",
  "lending.setProductActive": "the platform's lending desk only (super-admins and lending officers)",
  "lending.statement": "the platform's lending desk only (super-admins and lending officers)",
  "lending.officers.list": "platform super-admins only (who works the lending desk)",
  "lending.officers.add": "platform super-admins only (who works the lending desk)",
  "lending.officers.remove": "platform super-admins only (who works the lending desk)",
  "lending.disburse": "the platform's lending desk only (super-admins and lending officers)",
  "lending.transfers": "the platform's lending desk only (super-admins and lending officers)",
  "lending.unmatchedPayments": "the platform's lending desk only (super-admins and lending officers)",
  "lending.assignPayment": "the platform's lending desk only (super-admins and lending officers)",
  "lending.registerPaybillUrls": "the platform's lending desk only (super-admins and lending officers)",
  "mpesa.public.payInvoice": "authorised by the invoice's public token (the customer's link)",
  "mpesa.public.paymentStatus": "authorised by the invoice's public token and the request id together",
  "publicInvoices.get": "the customer's invoice link: authorised by its unguessable token alone",
  "publicInvoices.pdf": "the customer's invoice link: authorised by its unguessable token alone",
  "publicCreditReports.verify":
    "a lender's check of a credit report: authorised by its unguessable code alone",
};

/**
 * Procedures that reach people outside the account: they email someone, prompt a phone, move money, or act
 * as the invited address. Each must be built to need a verified email address (verifiedProcedure, or
 * businessProcedure with verifiedEmail), and this list and the builders must agree, so a new procedure that
 * reaches people cannot forget it (an unverified account can claim any address).
 */
const REACHES_OTHER_PEOPLE: Record<string, string> = {
  "team.invite": "emails the invitee",
  "team.resendInvitation": "emails the invitee again",
  "invoices.send": "emails the customer",
  "invoices.sendSms": "texts the customer",
  "invoices.shareWhatsapp": "prepares a WhatsApp message to the customer, recorded as sent",
  "mpesa.requests.create": "prompts the customer's phone to pay",
  "mpesa.payouts.request": "asks to send money to a phone",
  "mpesa.payouts.approve": "sends money to a phone",
  "loans.repay": "prompts a phone to repay a loan",
  "invitations.acceptById": "joins a business as the invited address",
  "invitations.declineById": "answers, for the invited address, an invitation someone sent",
  "invitations.mine": "shows what businesses sent to the address",
};

let harness: TestHarness;
let memberOfA: SignedInUser;
let businessA: string;
/** Real ids that belong to business B, by input field name. */
const idsOfB: Record<string, string> = {};

beforeAll(async () => {
  harness = await createTestHarness();
  memberOfA = await signUpUser(harness, { fullName: "Owner of A" });
  businessA = (await createBusinessFor(memberOfA)).id;
  const ownerOfB = await signUpUser(harness, { fullName: "Owner of B" });
  const businessB = await createBusinessFor(ownerOfB);
  idsOfB.businessId = businessB.id;
  const staffOfB = await addMember(harness, ownerOfB, businessB.id, "staff", ["transactions"]);
  const members = await ownerOfB.caller.team.members({ businessId: businessB.id });
  idsOfB.membershipId = String(members.find((member) => member.userId === staffOfB.id)?.membershipId);
  idsOfB.invitationId = (
    await ownerOfB.caller.team.invite({ businessId: businessB.id, email: uniqueEmail(), role: "viewer" })
  ).invitationId;

  // The money core's entities in business B.
  const inB = { businessId: businessB.id };
  const categoriesOfB = await ownerOfB.caller.categories.list({ ...inB });
  const rent = categoriesOfB.find((category) => category.systemKey === "rent");
  const utilities = categoriesOfB.find((category) => category.systemKey === "utilities");
  idsOfB.categoryId = String(rent?.id);
  idsOfB.sourceCategoryId = String(rent?.id);
  idsOfB.targetCategoryId = String(utilities?.id);
  const customer = await ownerOfB.caller.customers.create({ ...inB, name: "Nyama Choma Palace" });
  idsOfB.customerId = customer.id;
  idsOfB.supplierId = (await ownerOfB.caller.suppliers.create({ ...inB, name: "Limuru Greens Farm" })).id;
  idsOfB.exportId = (await ownerOfB.caller.dataRights.requestBusinessExport({ ...inB })).id;
  idsOfB.transactionId = (
    await ownerOfB.caller.transactions.create({
      ...inB,
      type: "expense",
      amount: "1500",
      categoryId: idsOfB.categoryId,
      transactionDate: "2026-11-02",
    })
  ).id;
  idsOfB.budgetId = String(
    (
      await ownerOfB.caller.budgets.create({
        ...inB,
        categoryId: idsOfB.categoryId,
        month: "2026-11",
        amount: "20000",
      })
    )[0]?.id,
  );
  idsOfB.ruleId = (
    await ownerOfB.caller.categorisation.rules.create({ ...inB, categoryId: idsOfB.categoryId, text: "KPLC" })
  ).id;
  idsOfB.runId = (await ownerOfB.caller.categorisation.runs.start({ ...inB })).id;
  idsOfB.importId = (
    await ownerOfB.caller.transactions.import.upload({
      ...inB,
      fileName: "bank.csv",
      content: "Date,Description,Amount\n2026-11-01,Sale,100.00\n",
    })
  ).importId;
  // Invoices: an issued invoice for that customer, and a recurring schedule built on it.
  const invoiceOfB = await ownerOfB.caller.invoices.create({ ...inB, ...sampleDraft(customer.id) });
  await ownerOfB.caller.invoices.issue({ ...inB, invoiceId: invoiceOfB.id });
  idsOfB.invoiceId = invoiceOfB.id;
  idsOfB.templateInvoiceId = invoiceOfB.id;
  idsOfB.recurringInvoiceId = (
    await ownerOfB.caller.invoices.recurring.create({
      ...inB,
      invoiceId: invoiceOfB.id,
      frequency: "monthly",
      startDate: "2030-01-01",
    })
  ).id;
  // An assistant conversation of business B's owner.
  idsOfB.conversationId = (
    await ownerOfB.caller.assistant.ask({ ...inB, message: "How much did we make this month?" })
  ).conversationId;
  // M-Pesa rows of business B, written directly: their flows need Daraja, the walker only needs their ids.
  const [request] = await harness.db
    .insert(mpesaPaymentRequests)
    .values({
      businessId: businessB.id,
      phone: "254712345678",
      amountMinor: 10_000n,
      accountReference: "B",
      description: "Invoice",
    })
    .returning({ id: mpesaPaymentRequests.id });
  idsOfB.paymentRequestId = String(request?.id);
  const [payment] = await harness.db
    .insert(mpesaPayments)
    .values({
      businessId: businessB.id,
      source: "c2b",
      receipt: "SBB1234567",
      amountMinor: 10_000n,
      paidAt: new Date(),
      status: "unreconciled",
    })
    .returning({ id: mpesaPayments.id });
  idsOfB.mpesaPaymentId = String(payment?.id);
  const [payout] = await harness.db
    .insert(mpesaPayouts)
    .values({
      businessId: businessB.id,
      purpose: "supplier_payment",
      phone: "254712345678",
      amountMinor: 100_000n,
      remarks: "Walker",
      originatorConversationId: `KAVI-walker-${randomUUID()}`,
    })
    .returning({ id: mpesaPayouts.id });
  idsOfB.payoutId = String(payout?.id);
});

afterAll(async () => {
  await harness.close();
});

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string } | "ok"> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
}

/**
 * The other fields a procedure needs before it looks anything up (its entity ids come from idsOfB), so the
 * walker reaches the entity check instead of stopping at validation.
 */
const VALID_INPUT: Record<string, (ids: Record<string, string>) => Record<string, unknown>> = {
  "budgets.create": () => ({ month: "2026-11", amount: "100" }),
  "budgets.update": () => ({ amount: "100" }),
  "transactions.create": () => ({ type: "expense", amount: "10", transactionDate: "2026-11-01" }),
  "transactions.void": () => ({ reason: "walker" }),
  "transactions.bulkCategorise": (ids) => ({ transactionIds: [ids.transactionId ?? randomUUID()] }),
  "transactions.import.upload": () => ({ fileName: "walker.csv", content: "Date,Amount\n" }),
  "transactions.import.commit": () => ({ mapping: { date: 0, dateFormat: "YYYY-MM-DD", amount: 1 } }),
  "categorisation.rules.create": () => ({ text: "walker" }),
  "categorisation.rules.update": () => ({ text: "walker" }),
  "mpesa.requests.create": () => ({ phone: "0712345678" }),
  "loans.submitApplication": () => ({
    amount: "10,000",
    tenor: 1,
    purpose: "walker",
    payoutPhone: "0712345678",
    documents: [],
  }),
  "mpesa.payouts.request": () => ({
    purpose: "supplier_payment",
    phone: "0712345678",
    amountMinor: 100_000n,
    remarks: "Walker",
  }),
  "mpesa.payouts.reject": () => ({ reason: "Walker" }),
  "mpesa.reversals.request": () => ({ reason: "Walker" }),
  "mpesa.reversals.reject": () => ({ reason: "Walker" }),
  "invoices.create": () => ({ lines: [{ description: "Walker", quantity: "1", unitPrice: "100" }] }),
  "invoices.update": () => ({ lines: [{ description: "Walker", quantity: "1", unitPrice: "100" }] }),
  "invoices.void": () => ({ reason: "Tenancy walker" }),
  "invoices.changeDueDate": () => ({ dueDate: "2030-01-31" }),
  "invoices.recordPayment": () => ({ amount: "1.00", method: "cash" }),
  "invoices.createCreditNote": () => ({ amount: "1.00", reason: "Tenancy walker" }),
  "invoices.recurring.create": () => ({ frequency: "monthly", startDate: "2030-01-01" }),
  "assistant.ask": () => ({ message: "How much did we make this month?" }),
  "assistant.askStream": () => ({ message: "How much did we make this month?" }),
  "transactions.attachments.requestUpload": () => ({
    fileName: "walker.png",
    contentType: "image/png",
    size: 100,
  }),
  "receipts.confirm": () => ({ type: "expense", amount: "10", transactionDate: "2026-11-01" }),
  "loans.repay": () => ({ choice: "next_instalment", phone: "0712345678" }),
};

function inputWith(idKeys: string[], businessId: string, entityIds: Record<string, string>, path = "") {
  const input: Record<string, unknown> = { businessId, ...VALID_INPUT[path]?.(entityIds) };
  for (const key of idKeys) input[key] = entityIds[key] ?? randomUUID();
  return input;
}

const procedures = listProcedures();
const businessScoped = procedures.filter((procedure) => procedure.inputKeys.includes("businessId"));

/** The walker's check for one procedure: what a foreign id and a missing id each get. */
async function probeForeignBusiness(caller: unknown, procedure: ProcedureInfo) {
  const foreign = await codeOf(
    callProcedure(
      caller,
      procedure.path,
      inputWith(procedure.idKeys, String(idsOfB.businessId), idsOfB, procedure.path),
    ),
  );
  const missing = await codeOf(
    callProcedure(caller, procedure.path, inputWith(procedure.idKeys, randomUUID(), {}, procedure.path)),
  );
  return { foreign, missing };
}

describe("tenancy walker", () => {
  it("knows every procedure: business-scoped, or listed as user-scoped with a reason", () => {
    const unlisted = procedures
      .filter((procedure) => !procedure.inputKeys.includes("businessId") && !(procedure.path in USER_SCOPED))
      .map((procedure) => procedure.path);
    expect(
      unlisted,
      "these take no businessId: make them business-scoped, or list them in USER_SCOPED with a reason",
    ).toEqual([]);
    const stale = Object.keys(USER_SCOPED).filter(
      (path) => !procedures.some((procedure) => procedure.path === path),
    );
    expect(stale, "listed as user-scoped but no longer exist").toEqual([]);
    expect(businessScoped.length).toBeGreaterThanOrEqual(15);
  });

  it("every business procedure declares a permission from the catalogue, and no other procedure does", () => {
    const undeclared = businessScoped
      .filter((procedure) => !isPermission(procedure.permission))
      .map((procedure) => procedure.path);
    expect(
      undeclared,
      'build these with businessProcedure("<permission>") naming an entry of packages/domain/src/permissions.ts',
    ).toEqual([]);
    const outside = procedures
      .filter((procedure) => !procedure.inputKeys.includes("businessId") && procedure.permission !== null)
      .map((procedure) => procedure.path);
    expect(outside).toEqual([]);
  });

  it.each(businessScoped.map((procedure) => [procedure.path, procedure] as const))(
    "%s answers another business's id exactly like a missing one",
    async (_path, procedure) => {
      const { foreign, missing } = await probeForeignBusiness(memberOfA.caller, procedure);
      expect(foreign).toEqual({ code: "NOT_FOUND", message: "Business not found" });
      expect(missing).toEqual(foreign);
    },
  );

  it("catches a procedure that takes a businessId but bypasses the builder", async () => {
    // What a careless new procedure looks like: signed in, trusts the businessId it was given.
    const careless = createTRPCRouter({
      leaky: protectedProcedure
        .input(z.object({ businessId: ZIdSchema }))
        .query(({ input }) => ({ businessId: input.businessId })),
      guarded: businessProcedure("business.read").query(({ ctx }) => ({
        businessId: ctx.business.id,
      })),
    });
    const context = await createContext(harness.services, {
      requestId: "walker-self-test",
      ip: null,
      userAgent: null,
      authorization: `Bearer ${memberOfA.accessToken}`,
      cookies: { get: () => undefined, set: () => undefined, clear: () => undefined },
      setHeader: () => undefined,
    });
    const caller = createCallerFactory(careless)(context);
    const carelessProcedures = listProcedures(careless);
    const leaky = carelessProcedures.find((procedure) => procedure.path === "leaky");
    const guarded = carelessProcedures.find((procedure) => procedure.path === "guarded");
    expect(leaky?.inputKeys).toContain("businessId");
    const leakyResult = await probeForeignBusiness(caller, leaky as ProcedureInfo);
    const guardedResult = await probeForeignBusiness(caller, guarded as ProcedureInfo);
    expect(leakyResult.foreign).toBe("ok");
    expect(guardedResult.foreign).toEqual({ code: "NOT_FOUND", message: "Business not found" });
  });

  it("has valid sample fields only for procedures that exist", () => {
    const unknown = Object.keys(VALID_INPUT).filter(
      (path) => !procedures.some((procedure) => procedure.path === path),
    );
    expect(unknown).toEqual([]);
  });

  // Filters (who did it) may point anywhere and simply match nothing; entity targets must not be found.
  const FILTER_KEYS = new Set(["actorUserId"]);
  const entityScoped = businessScoped.filter((procedure) =>
    procedure.idKeys.some((key) => !FILTER_KEYS.has(key)),
  );

  it.each(entityScoped.map((procedure) => [procedure.path, procedure] as const))(
    "%s inside my business refuses the other business's entity ids with NOT_FOUND",
    async (_path, procedure) => {
      const result = await codeOf(
        callProcedure(
          memberOfA.caller,
          procedure.path,
          inputWith(procedure.idKeys, businessA, idsOfB, procedure.path),
        ),
      );
      expect(result).toMatchObject({ code: "NOT_FOUND" });
    },
  );
});

/**
 * The same walk with an API key instead of a person: a key of business A, with every scope it can have, gets
 * NOT_FOUND for business B's id and for B's entities, exactly like A's owner; and a read-only key is refused
 * every procedure that writes, manages or owns.
 */
describe("tenancy walker: API keys", () => {
  async function keyCaller(scopes: { module: (typeof API_KEY_MODULES)[number]; access: "read" | "write" }[]) {
    const { secret } = await memberOfA.caller.apiKeys.create({
      businessId: businessA,
      name: "Walker",
      scopes,
    });
    return (await harness.client({ accessToken: secret })).caller;
  }
  const everyScope = (access: "read" | "write") => API_KEY_MODULES.map((module) => ({ module, access }));
  let writeKey: unknown;
  let readKey: unknown;
  beforeAll(async () => {
    writeKey = await keyCaller(everyScope("write"));
    readKey = await keyCaller(everyScope("read"));
  });

  it.each(businessScoped.map((procedure) => [procedure.path, procedure] as const))(
    "%s with business A's key answers business B's id exactly like a missing one",
    async (_path, procedure) => {
      const { foreign, missing } = await probeForeignBusiness(writeKey, procedure);
      expect(foreign).toEqual({ code: "NOT_FOUND", message: "Business not found" });
      expect(missing).toEqual(foreign);
    },
  );

  const keyReachable = (procedure: ProcedureInfo) => {
    const access = PERMISSIONS[procedure.permission as Permission]?.access;
    return access === "read" || access === "write";
  };
  const FILTER_KEYS = new Set(["actorUserId"]);
  const entityScoped = businessScoped.filter(
    (procedure) => keyReachable(procedure) && procedure.idKeys.some((key) => !FILTER_KEYS.has(key)),
  );

  it.each(entityScoped.map((procedure) => [procedure.path, procedure] as const))(
    "%s with business A's key refuses B's entity ids with NOT_FOUND",
    async (_path, procedure) => {
      const result = await codeOf(
        callProcedure(
          writeKey,
          procedure.path,
          inputWith(procedure.idKeys, businessA, idsOfB, procedure.path),
        ),
      );
      expect(result).toMatchObject({ code: "NOT_FOUND" });
    },
  );

  it.each(businessScoped.map((procedure) => [procedure.path, procedure] as const))(
    "%s enforces the key's scopes",
    async (_path, procedure) => {
      const requirement = PERMISSIONS[procedure.permission as Permission];
      const { access } = requirement;
      const input = inputWith(procedure.idKeys, businessA, {}, procedure.path);
      const withReadKey = await codeOf(callProcedure(readKey, procedure.path, input));
      // Reads are open to a read key in its modules; the team is never a key's (not in API_KEY_MODULES).
      if (decideApiKeyScope(everyScope("read"), requirement).allowed) {
        expect(access).toBe("read");
        expect(withReadKey === "ok" ? "ok" : withReadKey.code).not.toBe("FORBIDDEN");
      } else {
        expect(withReadKey).toMatchObject({ code: "FORBIDDEN" });
      }
      if (access === "manage" || access === "own") {
        // Settings, the team and approvals stay with people, whatever a key's scopes.
        expect(await codeOf(callProcedure(writeKey, procedure.path, input))).toMatchObject({
          code: "FORBIDDEN",
        });
      }
    },
  );
});

describe("verified email", () => {
  it("every procedure that reaches other people needs a verified email, and no other does", () => {
    const gated = procedures
      .filter((procedure) => procedure.verifiedEmail)
      .map((procedure) => procedure.path);
    expect(gated.sort()).toEqual(Object.keys(REACHES_OTHER_PEOPLE).sort());
  });

  it.each(Object.keys(REACHES_OTHER_PEOPLE).map((path) => [path] as const))(
    "%s refuses an account whose email is not verified, with EMAIL_NOT_VERIFIED",
    async (path) => {
      const procedure = procedures.find((candidate) => candidate.path === path) as ProcedureInfo;
      const unverified = await signUpUser(harness, { verified: false });
      // Their own business, where they are owner: only the address stands in the way.
      const business = (await createBusinessFor(unverified)).id;
      const error = await refusal(
        callProcedure(unverified.caller, path, inputWith(procedure.idKeys, business, {}, path)),
      );
      expect(error.code).toBe("FORBIDDEN");
      expect((error.cause as { reason?: string }).reason).toBe("EMAIL_NOT_VERIFIED");
    },
  );
});

describe("bad input", () => {
  const garbage: unknown[] = [null, "x", 42, [], { unexpected: true }];
  const fieldGarbage: unknown[] = [
    null,
    12345,
    "",
    "x".repeat(10_000),
    { nested: true },
    -1,
    ["a"],
    "not-a-uuid",
  ];

  it.each(procedures.map((procedure) => [procedure.path, procedure] as const))(
    "%s answers malformed input with a 4xx, never a 500",
    async (_path, procedure) => {
      let user = await signUpUser(harness);
      const business = (await createBusinessFor(user)).id;
      const attempts: unknown[] = [...garbage];
      for (const key of procedure.inputKeys) {
        for (const value of fieldGarbage) attempts.push({ businessId: business, [key]: value });
      }
      for (const input of attempts) {
        const result = await codeOf(callProcedure(user.caller, procedure.path, input));
        if (result !== "ok") {
          expect(result.code, `${procedure.path}(${JSON.stringify(input)?.slice(0, 80)})`).not.toBe(
            "INTERNAL_SERVER_ERROR",
          );
          // A procedure that ended the session (sign out) needs a new user for the next attempt.
          if (result.code === "UNAUTHORIZED") user = await signUpUser(harness);
        }
      }
    },
  );
});
