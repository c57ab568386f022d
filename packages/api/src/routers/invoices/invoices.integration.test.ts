import { activityLog, documentSequences, emails, invoiceItems, invoices } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  refusalDetails,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "../../testing";

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;

// A fixed clock (Nairobi 09:00 on 1 March 2027), set before anyone signs in so tokens and sessions agree.
const START = new Date("2027-03-01T06:00:00Z");

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(START);
  owner = await signUpUser(harness, { fullName: "Amina Wanjiru" });
  businessId = (await createBusinessFor(owner)).id;
});
afterAll(async () => {
  await harness.close();
});

async function newCustomer(overrides: Parameters<typeof insertCustomer>[2] = {}) {
  return insertCustomer(harness.db, businessId, overrides);
}

async function draftFor(customerId: string, overrides: Record<string, unknown> = {}) {
  return owner.caller.invoices.create({ businessId, ...sampleDraft(customerId, overrides) });
}

describe("drafts", () => {
  it("creates a draft with totals computed on the server, no number yet, and an activity row", async () => {
    const customer = await newCustomer({ paymentTermsDays: 30 });
    const draft = await owner.caller.invoices.create({
      businessId,
      customerId: customer.id,
      pricesIncludeTax: true,
      lines: [
        { description: "Avocado crates", quantity: "3", unitPrice: "1,160.00" },
        { description: "Sukuma wiki, kg", quantity: "2.5", unitPrice: "60", taxTreatment: "zero_rated" },
        { description: "Delivery", quantity: 1, unitPrice: "500", discount: "100", taxTreatment: "exempt" },
      ],
    });
    expect(draft).toMatchObject({
      status: "draft",
      invoiceNumber: null,
      issueDate: "2027-03-01",
      dueDate: "2027-03-31",
      paymentTermsDays: 30,
      currency: "KES",
      subtotalMinor: 348_000n + 15_000n + 50_000n,
      discountMinor: 10_000n,
      taxMinor: 48_000n,
      totalMinor: 348_000n + 15_000n + 40_000n,
    });
    const items = await harness.db.select().from(invoiceItems).where(eq(invoiceItems.invoiceId, draft.id));
    expect(items.map((item) => [item.quantityMilli, item.netMinor, item.taxMinor, item.totalMinor])).toEqual([
      [3000n, 300_000n, 48_000n, 348_000n],
      [2500n, 15_000n, 0n, 15_000n],
      [1000n, 40_000n, 0n, 40_000n],
    ]);
    const [created] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.entityId, draft.id), eq(activityLog.action, "invoice.created")));
    expect(created?.actorUserId).toBe(owner.id);
    expect(created?.changes?.totalMinor).toEqual({ before: null, after: "403000" });
  });

  it("answers bad lines with field errors by path and writes nothing", async () => {
    const customer = await newCustomer();
    const before = await harness.db.select().from(invoices).where(eq(invoices.customerId, customer.id));
    const decimals = await refusalDetails(
      owner.caller.invoices.create({
        businessId,
        customerId: customer.id,
        lines: [
          { description: "Fine", quantity: "1", unitPrice: "10" },
          { description: "Too precise", quantity: "1", unitPrice: "10.005" },
        ],
      }),
    );
    expect(decimals.code).toBe("BAD_REQUEST");
    expect(decimals.fieldErrors).toEqual({ "lines.1.unitPrice": ["KES amounts have at most 2 decimals"] });

    const discount = await refusalDetails(
      owner.caller.invoices.create({
        businessId,
        customerId: customer.id,
        lines: [{ description: "Cheap", quantity: "1", unitPrice: "10", discount: "11" }],
      }),
    );
    expect(discount.fieldErrors).toEqual({
      "lines.0.discount": ["The discount is more than the line amount"],
    });

    const quantity = await refusalDetails(
      owner.caller.invoices.create({
        businessId,
        customerId: customer.id,
        lines: [{ description: "Odd", quantity: "1.2345", unitPrice: "10" }],
      }),
    );
    expect(quantity.fieldErrors["lines.0.quantity"]).toEqual(["A quantity has at most 3 decimals"]);

    const noLines = await refusalDetails(
      owner.caller.invoices.create({ businessId, customerId: customer.id, lines: [] }),
    );
    expect(noLines.fieldErrors.lines).toEqual(["Add at least one line"]);

    const rate = await refusalDetails(draftFor(customer.id, { currency: "USD" }));
    expect(rate.fieldErrors.exchangeRate?.[0]).toMatch(/exchange rate/);

    const stranger = await refusalDetails(draftFor("6f2d1c7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f"));
    expect(stranger).toMatchObject({
      code: "NOT_FOUND",
      fieldErrors: { customerId: ["Customer not found"] },
    });

    const after = await harness.db.select().from(invoices).where(eq(invoices.customerId, customer.id));
    expect(after).toEqual(before);
  });

  it("keeps UGX amounts whole and foreign-currency invoices at their rate", async () => {
    const customer = await newCustomer({ currency: "UGX" });
    const ugx = await draftFor(customer.id, {
      exchangeRate: "0.035",
      lines: [{ description: "Matooke bunch", quantity: "3", unitPrice: "11,600" }],
    });
    expect(ugx).toMatchObject({
      currency: "UGX",
      exchangeRate: "0.0350000000",
      totalMinor: 40_368n,
      taxMinor: 5_568n,
    });
    const refused = await refusalDetails(
      draftFor(customer.id, {
        exchangeRate: "0.035",
        lines: [{ description: "x", quantity: 1, unitPrice: "1.5" }],
      }),
    );
    expect(refused.fieldErrors["lines.0.unitPrice"]).toEqual(["UGX amounts have no decimals"]);
  });

  it("updates a draft in full, replacing its lines, and refuses once it is issued", async () => {
    const customer = await newCustomer();
    const draft = await draftFor(customer.id);
    const updated = await owner.caller.invoices.update({
      businessId,
      invoiceId: draft.id,
      customerId: customer.id,
      paymentTermsDays: 7,
      notes: "Asante!",
      lines: [{ description: "Onions, net bag", quantity: "4", unitPrice: "1,200" }],
    });
    expect(updated).toMatchObject({
      totalMinor: 556_800n,
      taxMinor: 76_800n,
      dueDate: "2027-03-08",
      notes: "Asante!",
    });
    const detail = await owner.caller.invoices.get({ businessId, invoiceId: draft.id });
    expect(detail.lines.map((line) => line.description)).toEqual(["Onions, net bag"]);

    await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    const refused = await refusalDetails(
      owner.caller.invoices.update({ businessId, invoiceId: draft.id, ...sampleDraft(customer.id) }),
    );
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toMatch(/has been issued.*Void it or issue a credit note/);
  });

  it("deletes drafts (no number to lose) but never issued invoices", async () => {
    const customer = await newCustomer();
    const draft = await draftFor(customer.id);
    await owner.caller.invoices.delete({ businessId, invoiceId: draft.id });
    expect(
      await refusalDetails(owner.caller.invoices.get({ businessId, invoiceId: draft.id })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    const issued = await draftFor(customer.id);
    await owner.caller.invoices.issue({ businessId, invoiceId: issued.id });
    expect(
      await refusalDetails(owner.caller.invoices.delete({ businessId, invoiceId: issued.id })),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("duplicates any invoice into a new draft dated today", async () => {
    const customer = await newCustomer();
    const source = await draftFor(customer.id, { issueDate: "2027-01-15", notes: "Weekly order" });
    await owner.caller.invoices.issue({ businessId, invoiceId: source.id });
    const copy = await owner.caller.invoices.duplicate({ businessId, invoiceId: source.id });
    expect(copy).toMatchObject({
      status: "draft",
      invoiceNumber: null,
      issueDate: "2027-03-01",
      customerId: customer.id,
      totalMinor: source.totalMinor,
      notes: "Weekly order",
      duplicatedFromId: source.id,
    });
  });
});

describe("issuing and numbering", () => {
  it("numbers invoices when they are issued, per business, gapless, with the due date from the terms", async () => {
    const business = (await createBusinessFor(owner)).id;
    const customer = await insertCustomer(harness.db, business, { paymentTermsDays: 14 });
    const first = await owner.caller.invoices.create({ businessId: business, ...sampleDraft(customer.id) });
    const second = await owner.caller.invoices.create({ businessId: business, ...sampleDraft(customer.id) });
    const deleted = await owner.caller.invoices.create({ businessId: business, ...sampleDraft(customer.id) });
    await owner.caller.invoices.delete({ businessId: business, invoiceId: deleted.id });
    const a = await owner.caller.invoices.issue({ businessId: business, invoiceId: second.id });
    const b = await owner.caller.invoices.issue({ businessId: business, invoiceId: first.id });
    expect([a.invoiceNumber, b.invoiceNumber]).toEqual(["INV-2027-0001", "INV-2027-0002"]);
    expect(a).toMatchObject({ status: "sent", dueDate: "2027-03-15" });
    expect(a.sentAt).toBeInstanceOf(Date);
    const again = await refusalDetails(
      owner.caller.invoices.issue({ businessId: business, invoiceId: first.id }),
    );
    expect(again.message).toMatch(/already been issued/);
  });

  it("restarts the count each year and follows the settings' prefix and padding", async () => {
    const business = (await createBusinessFor(owner)).id;
    const customer = await insertCustomer(harness.db, business);
    await owner.caller.invoices.settings.update({ businessId: business, prefix: "wf", padding: 3 });
    const last2026 = await owner.caller.invoices.create({
      businessId: business,
      ...sampleDraft(customer.id, { issueDate: "2026-12-30" }),
    });
    const first2027 = await owner.caller.invoices.create({
      businessId: business,
      ...sampleDraft(customer.id),
    });
    expect(
      (await owner.caller.invoices.issue({ businessId: business, invoiceId: last2026.id })).invoiceNumber,
    ).toBe("WF-2026-001");
    expect(
      (await owner.caller.invoices.issue({ businessId: business, invoiceId: first2027.id })).invoiceNumber,
    ).toBe("WF-2027-001");
    await owner.caller.invoices.settings.update({ businessId: business, includeYear: false });
    const plain = await owner.caller.invoices.create({ businessId: business, ...sampleDraft(customer.id) });
    expect(
      (await owner.caller.invoices.issue({ businessId: business, invoiceId: plain.id })).invoiceNumber,
    ).toBe("WF-001");
  });

  it("answers a number clash with a clear conflict and gives the number back", async () => {
    const business = (await createBusinessFor(owner)).id;
    const customer = await insertCustomer(harness.db, business);
    // A number already there (an import from another system, say) that the sequence would hand out next.
    const taken = await owner.caller.invoices.create({ businessId: business, ...sampleDraft(customer.id) });
    await harness.db
      .update(invoices)
      .set({ invoiceNumber: "INV-2027-0001", status: "sent" })
      .where(eq(invoices.id, taken.id));
    const draft = await owner.caller.invoices.create({ businessId: business, ...sampleDraft(customer.id) });
    const clash = await refusalDetails(
      owner.caller.invoices.issue({ businessId: business, invoiceId: draft.id }),
    );
    expect(clash).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already taken/) });
    expect((await owner.caller.invoices.get({ businessId: business, invoiceId: draft.id })).status).toBe(
      "draft",
    );
    const [sequence] = await harness.db
      .select()
      .from(documentSequences)
      .where(eq(documentSequences.businessId, business));
    expect(sequence).toBeUndefined();
  });

  it("refuses to issue an invoice worth nothing", async () => {
    const customer = await newCustomer();
    const free = await draftFor(customer.id, {
      lines: [{ description: "Free sample", quantity: 1, unitPrice: "0" }],
    });
    const refused = await refusalDetails(owner.caller.invoices.issue({ businessId, invoiceId: free.id }));
    expect(refused).toMatchObject({
      code: "PRECONDITION_FAILED",
      fieldErrors: { lines: [expect.any(String)] },
    });
    const [sequence] = await harness.db
      .select()
      .from(documentSequences)
      .where(and(eq(documentSequences.businessId, businessId), eq(documentSequences.kind, "invoice")));
    const numbered = await harness.db
      .select({ n: invoices.invoiceNumber })
      .from(invoices)
      .where(eq(invoices.businessId, businessId));
    // The refused issue took no number: the counter equals the invoices that carry one.
    expect(sequence?.lastValue ?? 0).toBe(numbered.filter((row) => row.n !== null).length);
  });
});

describe("sending", () => {
  it("issues a draft and puts the email with the PDF in the outbox", async () => {
    const customer = await newCustomer({ name: "Java House Westlands", email: "ap@javahouse.example" });
    const draft = await draftFor(customer.id);
    const result = await owner.caller.invoices.send({
      businessId,
      invoiceId: draft.id,
      message: "Karibu tena!",
    });
    expect(result.to).toBe("ap@javahouse.example");
    expect(result.invoice.invoiceNumber).toMatch(/^INV-2027-\d{4}$/);
    const [email] = await harness.db.select().from(emails).where(eq(emails.id, result.emailId));
    expect(email).toMatchObject({
      template: "invoice.sent",
      toAddress: "ap@javahouse.example",
      businessId,
      status: "queued",
      attachments: [{ kind: "invoice_pdf", id: draft.id, filename: `${result.invoice.invoiceNumber}.pdf` }],
    });
    expect(email?.subject).toContain(result.invoice.invoiceNumber);
    expect(email?.textBody).toContain("Karibu tena!");
    expect(email?.textBody).toContain(`http://localhost:5173/i/${draft.publicToken}`);
    const waiting = await harness.jobs.queue("email").getJob(`email-${result.emailId}`);
    expect(waiting?.data).toEqual({ emailId: result.emailId });

    const resent = await owner.caller.invoices.send({
      businessId,
      invoiceId: draft.id,
      to: "finance@javahouse.example",
    });
    expect(resent.invoice.invoiceNumber).toBe(result.invoice.invoiceNumber);
    const actions = (await owner.caller.invoices.activity({ businessId, invoiceId: draft.id })).map(
      (row) => row.action,
    );
    // Issued and sent share one transaction (and one timestamp), so compare as a set.
    expect(actions.sort()).toEqual(["invoice.created", "invoice.issued", "invoice.resent", "invoice.sent"]);
  });

  it("asks for an address when the customer has none, and refuses void invoices", async () => {
    const customer = await newCustomer({ email: null });
    const draft = await draftFor(customer.id);
    const noEmail = await refusalDetails(owner.caller.invoices.send({ businessId, invoiceId: draft.id }));
    expect(noEmail.fieldErrors.to?.[0]).toMatch(/has no email address/);
    expect((await owner.caller.invoices.get({ businessId, invoiceId: draft.id })).status).toBe("draft");
    await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    await owner.caller.invoices.void({ businessId, invoiceId: draft.id, reason: "Wrong customer" });
    const voided = await refusalDetails(
      owner.caller.invoices.send({ businessId, invoiceId: draft.id, to: "a@b.co.ke" }),
    );
    expect(voided.message).toMatch(/void/);
  });
});

describe("void and due dates", () => {
  it("voids an unpaid issued invoice with its reason and keeps its number", async () => {
    const customer = await newCustomer();
    const draft = await draftFor(customer.id);
    expect(
      await refusalDetails(owner.caller.invoices.void({ businessId, invoiceId: draft.id, reason: "Oops" })),
    ).toMatchObject({ message: expect.stringMatching(/delete it instead/) });
    const issued = await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    const voided = await owner.caller.invoices.void({
      businessId,
      invoiceId: draft.id,
      reason: "Duplicate order",
    });
    expect(voided).toMatchObject({
      status: "void",
      voidReason: "Duplicate order",
      invoiceNumber: issued.invoiceNumber,
    });
    const short = await refusalDetails(
      owner.caller.invoices.void({ businessId, invoiceId: draft.id, reason: "x" }),
    );
    expect(short.code).toBe("BAD_REQUEST");
  });

  it("moves the due date, and an invoice past due returns to sent when the date moves later", async () => {
    const customer = await newCustomer();
    const draft = await draftFor(customer.id, { issueDate: "2027-02-01", paymentTermsDays: 7 });
    const issued = await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    expect(issued).toMatchObject({ status: "overdue", dueDate: "2027-02-08" });
    const moved = await owner.caller.invoices.changeDueDate({
      businessId,
      invoiceId: draft.id,
      dueDate: "2027-03-10",
    });
    expect(moved).toMatchObject({ status: "sent", dueDate: "2027-03-10", paymentTermsDays: 37 });
    const back = await owner.caller.invoices.changeDueDate({
      businessId,
      invoiceId: draft.id,
      dueDate: "2027-02-20",
    });
    expect(back.status).toBe("overdue");
    const before = await refusalDetails(
      owner.caller.invoices.changeDueDate({ businessId, invoiceId: draft.id, dueDate: "2027-01-20" }),
    );
    expect(before.fieldErrors.dueDate).toEqual(["The due date cannot be before the issue date"]);
  });
});

describe("list, stats and detail", () => {
  it("filters by status, customer, dates, overdue and search, newest first, with keyset pages", async () => {
    const business = (await createBusinessFor(owner)).id;
    const kamau = await insertCustomer(harness.db, business, { name: "Kamau Hardware" });
    const otieno = await insertCustomer(harness.db, business, { name: "Otieno Fish Suppliers" });
    const create = (customerId: string, overrides: Record<string, unknown> = {}) =>
      owner.caller.invoices.create({ businessId: business, ...sampleDraft(customerId, overrides) });
    const draft = await create(kamau.id);
    const sent = await create(kamau.id);
    await owner.caller.invoices.issue({ businessId: business, invoiceId: sent.id });
    const late = await create(otieno.id, { issueDate: "2027-01-05", paymentTermsDays: 14 });
    const lateIssued = await owner.caller.invoices.issue({ businessId: business, invoiceId: late.id });

    const all = await owner.caller.invoices.list({ businessId: business, limit: 2 });
    expect(all.items.map((item) => item.id)).toEqual([late.id, sent.id]);
    const rest = await owner.caller.invoices.list({ businessId: business, limit: 2, cursor: all.nextCursor });
    expect(rest.items.map((item) => item.id)).toEqual([draft.id]);
    expect(rest.nextCursor).toBeNull();

    const ids = async (filters: Record<string, unknown>) =>
      (await owner.caller.invoices.list({ businessId: business, ...filters })).items.map((item) => item.id);
    expect(await ids({ status: "draft" })).toEqual([draft.id]);
    expect(await ids({ status: "open" })).toEqual([late.id, sent.id]);
    expect(await ids({ status: "overdue" })).toEqual([late.id]);
    expect(await ids({ overdueOnly: true })).toEqual([late.id]);
    expect(await ids({ customerId: kamau.id })).toEqual([sent.id, draft.id]);
    expect(await ids({ from: "2027-02-01" })).toEqual([sent.id, draft.id]);
    expect(await ids({ to: "2027-01-31" })).toEqual([late.id]);
    expect(await ids({ search: "otieno" })).toEqual([late.id]);
    expect(await ids({ search: lateIssued.invoiceNumber?.slice(-6) })).toEqual([late.id]);
    expect(await ids({ search: "100%_" })).toEqual([]);

    const [row] = (await owner.caller.invoices.list({ businessId: business, status: "overdue" })).items;
    expect(row).toMatchObject({
      isOverdue: true,
      daysOverdue: 41,
      customer: { name: "Otieno Fish Suppliers" },
    });

    const stats = await owner.caller.invoices.stats({ businessId: business });
    expect(stats.counts).toMatchObject({ draft: 1, sent: 1, overdue: 1, open: 2 });
    expect(stats.outstanding).toEqual([
      { currency: "KES", outstandingMinor: sent.totalMinor + late.totalMinor, overdueMinor: late.totalMinor },
    ]);
  });

  it("gives the detail with lines, tax summary, actions and the public link", async () => {
    const customer = await newCustomer();
    const draft = await draftFor(customer.id);
    const detail = await owner.caller.invoices.get({ businessId, invoiceId: draft.id });
    expect(detail.publicUrl).toBeNull();
    expect(detail.actions).toMatchObject({ edit: true, issue: true, recordPayment: false });
    expect(detail.taxSummary).toEqual([
      { taxTreatment: "standard", taxRateBps: 1600, taxableMinor: 50_000n, taxMinor: 8_000n },
      { taxTreatment: "zero_rated", taxRateBps: 0, taxableMinor: 900_000n, taxMinor: 0n },
    ]);
    await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    const issued = await owner.caller.invoices.get({ businessId, invoiceId: draft.id });
    expect(issued.publicUrl).toBe(`http://localhost:5173/i/${draft.publicToken}`);
    expect(issued.actions).toMatchObject({ edit: false, void: true, recordPayment: true, creditNote: false });
  });

  it("renders the PDF for signed-in users", async () => {
    const customer = await newCustomer({ name: "Naivas Supermarket" });
    const draft = await draftFor(customer.id);
    const issued = await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    const pdf = await owner.caller.invoices.pdf({ businessId, invoiceId: draft.id });
    const bytes = Buffer.from(pdf.contentBase64, "base64");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.toString("latin1")).toContain(`Invoice ${issued.invoiceNumber}`);
    expect(pdf).toMatchObject({ filename: `${issued.invoiceNumber}.pdf`, contentType: "application/pdf" });
  });
});

describe("the public link", () => {
  it("shows an issued invoice by its token only, and a draft's or a wrong token is not found", async () => {
    const customer = await newCustomer({ name: "Kilimani Cafe" });
    const draft = await draftFor(customer.id);
    const { caller: anonymous } = await harness.client();
    const hidden = await refusalDetails(anonymous.publicInvoices.get({ token: draft.publicToken }));
    const wrong = await refusalDetails(anonymous.publicInvoices.get({ token: "A".repeat(43) }));
    expect(hidden).toEqual(wrong);
    expect(wrong).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/link is not valid/) });

    const issued = await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    const view = await anonymous.publicInvoices.get({ token: draft.publicToken });
    expect(view).toMatchObject({
      invoiceNumber: issued.invoiceNumber,
      status: "sent",
      balanceDueMinor: issued.totalMinor,
      customer: { name: "Kilimani Cafe" },
      canPayOnline: false,
      instructions: { mpesa: null },
    });
    expect(view.lines).toHaveLength(2);
    expect(view).not.toHaveProperty("businessId");
    expect(view).not.toHaveProperty("publicToken");

    const pdf = await anonymous.publicInvoices.pdf({ token: draft.publicToken });
    expect(Buffer.from(pdf.contentBase64, "base64").subarray(0, 5).toString()).toBe("%PDF-");
    expect(view.language).toBe("en");

    // A customer who reads Kiswahili gets the page (and the PDF) in Kiswahili.
    await owner.caller.customers.update({ businessId, customerId: customer.id, language: "sw" });
    const inSwahili = await anonymous.publicInvoices.get({ token: draft.publicToken });
    expect(inSwahili.language).toBe("sw");
    const swahiliPdf = await anonymous.publicInvoices.pdf({ token: draft.publicToken });
    expect(Buffer.from(swahiliPdf.contentBase64, "base64").toString("latin1")).toContain(
      `(Ankara ${issued.invoiceNumber} kwa Kilimani Cafe)`,
    );
  });

  it("stops the old link when a new one is made", async () => {
    const customer = await newCustomer();
    const draft = await draftFor(customer.id);
    await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    const renewed = await owner.caller.invoices.regenerateLink({ businessId, invoiceId: draft.id });
    expect(renewed.publicToken).not.toBe(draft.publicToken);
    const { caller: anonymous } = await harness.client();
    expect(await refusalDetails(anonymous.publicInvoices.get({ token: draft.publicToken }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await anonymous.publicInvoices.get({ token: renewed.publicToken })).invoiceId).toBe(draft.id);
  });

  it("uses the payment instructions from the settings", async () => {
    const business = (await createBusinessFor(owner)).id;
    const customer = await insertCustomer(harness.db, business);
    await owner.caller.invoices.settings.update({
      businessId: business,
      paymentInstructions: "KCB Moi Avenue, account 1234567890",
    });
    const draft = await owner.caller.invoices.create({ businessId: business, ...sampleDraft(customer.id) });
    await owner.caller.invoices.issue({ businessId: business, invoiceId: draft.id });
    const { caller: anonymous } = await harness.client();
    const view = await anonymous.publicInvoices.get({ token: draft.publicToken });
    expect(view.instructions).toEqual({ mpesa: null, other: "KCB Moi Avenue, account 1234567890" });
  });
});

describe("settings", () => {
  it("starts every business with the defaults and records changes", async () => {
    const business = (await createBusinessFor(owner)).id;
    const settings = await owner.caller.invoices.settings.get({ businessId: business });
    expect(settings).toMatchObject({
      prefix: "INV",
      includeYear: true,
      padding: 4,
      defaultPaymentTermsDays: 14,
      defaultTaxRateBps: 1600,
      defaultTaxRate: "16",
      reminderOffsetsDays: [-3, 0, 7],
      remindersEnabled: true,
    });
    const updated = await owner.caller.invoices.settings.update({
      businessId: business,
      defaultTaxRate: "8",
      reminderOffsetsDays: [14, -1, 0, 14],
      defaultTerms: "Goods remain ours until paid for",
    });
    expect(updated).toMatchObject({ defaultTaxRateBps: 800, reminderOffsetsDays: [-1, 0, 14] });
    const [entry] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.businessId, business), eq(activityLog.action, "invoice_settings.updated")));
    expect(entry?.changes?.defaultTaxRateBps).toEqual({ before: 1600, after: 800 });

    const customer = await insertCustomer(harness.db, business);
    const draft = await owner.caller.invoices.create({
      businessId: business,
      customerId: customer.id,
      lines: [{ description: "Diesel", quantity: "10", unitPrice: "100" }],
    });
    expect(draft).toMatchObject({ taxMinor: 8_000n, terms: "Goods remain ours until paid for" });

    const bad = await refusalDetails(
      owner.caller.invoices.settings.update({ businessId: business, prefix: "INV-" }),
    );
    expect(bad.fieldErrors.prefix?.[0]).toMatch(/letters and digits/);
  });
});

describe("roles and modules", () => {
  it("lets viewers read, staff in Payments read, and only Invoices staff and admins change invoices", async () => {
    const customer = await newCustomer();
    const draft = await draftFor(customer.id);
    const viewer = await addMember(harness, owner, businessId, "viewer");
    const payments = await addMember(harness, owner, businessId, "staff", ["payments"]);
    const invoicing = await addMember(harness, owner, businessId, "staff", ["invoices"]);
    const ledger = await addMember(harness, owner, businessId, "staff", ["transactions"]);

    expect((await viewer.caller.invoices.get({ businessId, invoiceId: draft.id })).id).toBe(draft.id);
    expect((await payments.caller.invoices.list({ businessId })).items.length).toBeGreaterThan(0);
    expect(await refusalDetails(ledger.caller.invoices.list({ businessId }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      await refusalDetails(viewer.caller.invoices.create({ businessId, ...sampleDraft(customer.id) })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      await refusalDetails(payments.caller.invoices.issue({ businessId, invoiceId: draft.id })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    const issued = await invoicing.caller.invoices.issue({ businessId, invoiceId: draft.id });
    expect(issued.status).toBe("sent");
    expect(
      await refusalDetails(
        invoicing.caller.invoices.settings.update({ businessId, defaultPaymentTermsDays: 30 }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("recurring schedules", () => {
  it("creates, lists, updates and deletes a schedule from an invoice", async () => {
    const customer = await newCustomer();
    const template = await draftFor(customer.id);
    const schedule = await owner.caller.invoices.recurring.create({
      businessId,
      invoiceId: template.id,
      frequency: "monthly",
      startDate: "2027-01-31",
      autoSend: true,
    });
    // Started in the past: the next run is the first one after today, on the schedule's own rhythm.
    expect(schedule).toMatchObject({ nextRunDate: "2027-03-31", customerId: customer.id, active: true });
    const listed = await owner.caller.invoices.recurring.list({ businessId });
    expect(listed.find((row) => row.schedule.id === schedule.id)?.customerName).toBe(customer.name);

    const paused = await owner.caller.invoices.recurring.update({
      businessId,
      recurringInvoiceId: schedule.id,
      active: false,
    });
    expect(paused.active).toBe(false);
    const badEnd = await refusalDetails(
      owner.caller.invoices.recurring.update({
        businessId,
        recurringInvoiceId: schedule.id,
        endDate: "2027-03-01",
      }),
    );
    expect(badEnd.fieldErrors.endDate).toEqual(["The end date is before the next run"]);
    const detail = await owner.caller.invoices.get({ businessId, invoiceId: template.id });
    expect(detail.recurring?.id).toBe(schedule.id);

    await owner.caller.invoices.recurring.delete({ businessId, recurringInvoiceId: schedule.id });
    expect(
      await refusalDetails(
        owner.caller.invoices.recurring.delete({ businessId, recurringInvoiceId: schedule.id }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});
