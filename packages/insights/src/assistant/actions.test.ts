import { DEFAULT_CATEGORIES } from "@kavi/domain";
import { describe, expect, it } from "vitest";
import { actionCallFor, actionRequestFromCall, parseActionRequest } from "./actions";
import type { Lexicon } from "./lexicon";

const TODAY = "2026-11-19";
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const LEXICON: Lexicon = {
  categories: DEFAULT_CATEGORIES.map((category, index) => ({
    id: id(100 + index),
    name: category.name,
    kind: category.kind,
    systemKey: category.systemKey,
  })),
  customers: ["Naivas Supermarket Westlands", "Serena Hotel Nairobi"].map((name, index) => ({
    id: id(200 + index),
    name,
  })),
  suppliers: ["Mwangi Transporters"].map((name, index) => ({ id: id(300 + index), name })),
};
const read = (message: string) => parseActionRequest(message, { today: TODAY, lexicon: LEXICON });
const fuel = LEXICON.categories.find((category) => category.systemKey === "transport_fuel");

describe("action requests", () => {
  it.each([
    ["Record 2,500 for fuel paid by M-Pesa today", "en", "2500", "mpesa", TODAY],
    ["record 2.5k for petrol in cash yesterday", "en", "2500", "cash", "2026-11-18"],
    ["Rekodi 2,500 za mafuta kwa M-Pesa leo", "sw", "2500", "mpesa", TODAY],
    ["Andika matumizi ya 1200.50 ya usafiri kwa taslimu jana", "sw", "1200.50", "cash", "2026-11-18"],
  ])("%s → an expense", (message, language, amount, method, date) => {
    expect(read(message)).toMatchObject({
      kind: "record_transaction",
      language,
      type: "expense",
      amount,
      paymentMethod: method,
      date,
      category: { id: fuel?.id },
    });
  });

  it("reads income from a customer, and keeps a date's digits out of the amount", () => {
    expect(read("Record 5,000 received from Naivas by M-Pesa")).toMatchObject({
      type: "income",
      amount: "5000",
      customer: { name: "Naivas Supermarket Westlands" },
    });
    expect(read("Record fuel for today")).toMatchObject({ amount: null });
  });

  it.each([
    ["Send a reminder to Naivas", "en"],
    ["Remind Serena about their invoice", "en"],
    ["Mkumbushe Naivas", "sw"],
    ["Tuma ukumbusho kwa Naivas tafadhali", "sw"],
  ])("%s → a reminder", (message, language) => {
    expect(read(message)).toMatchObject({ kind: "send_reminder", language });
    expect((read(message) as { customer: unknown }).customer).not.toBeNull();
  });

  it.each([
    ["Request payment for INV-2026-0012 from 0712 345 678", "en", "0712345678"],
    ["Omba malipo ya INV-2026-0012 kutoka 0712345678", "sw", "0712345678"],
    ["Request payment for inv 2026 0012 from +254712345678", "en", "254712345678"],
  ])("%s → an M-Pesa request", (message, language, phone) => {
    expect(read(message)).toMatchObject({
      kind: "request_payment",
      language,
      invoiceNumber: "INV-2026-0012",
      phone,
    });
  });

  it("leaves questions to the brains", () => {
    for (const question of [
      "How much did we spend on fuel today?",
      "Which invoices are overdue?",
      "Ni mteja gani ana deni kubwa zaidi?",
      "Show M-Pesa payments from Naivas this month",
      "Tumetumia kiasi gani kwa mafuta mwezi huu?",
    ]) {
      expect(read(question)).toBeNull();
    }
  });
});

describe("actions as model functions", () => {
  const options = { lexicon: LEXICON, language: "en" as const };

  it.each([
    "Record 2,500 for fuel paid by M-Pesa today",
    "Send a reminder to Naivas",
    "Request payment for INV-2026-0012 from 0712345678",
  ])("a model's call reads back as the request the parser reads: %s", (message) => {
    const request = read(message);
    if (!request) throw new Error("not read as a request");
    const call = actionCallFor(request);
    expect(actionRequestFromCall(call.name, call.args, options)).toEqual({ ...request, language: "en" });
  });

  it("refuses an id the business does not have and arguments that break the schema", () => {
    const base = { type: "expense", amount: "2500", date: TODAY };
    expect(
      actionRequestFromCall("propose_record_transaction", { ...base, categoryId: id(999) }, options),
    ).toBeNull();
    expect(actionRequestFromCall("propose_send_reminder", { customerId: id(301) }, options)).toBeNull();
    expect(
      actionRequestFromCall("propose_record_transaction", { ...base, amount: "a lot" }, options),
    ).toBeNull();
    expect(
      actionRequestFromCall("propose_record_transaction", { ...base, type: "gift" }, options),
    ).toBeNull();
    expect(
      actionRequestFromCall("propose_record_transaction", { ...base, categoryId: fuel?.id }, options),
    ).toMatchObject({ kind: "record_transaction", amount: "2500", category: { id: fuel?.id } });
  });
});
