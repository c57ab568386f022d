import { assistantActionProposals, assistantMessages, type DbOrTx } from "@kavi/db";
import {
  categoryDisplayName,
  decideAccess,
  isOpenInvoiceStatus,
  type MemberGrant,
  type Permission,
  requirementOf,
  ZCreateTransactionSchema,
  ZIdSchema,
  ZMpesaPhoneSchema,
} from "@kavi/domain";
import {
  type ActionCard,
  type ActionKind,
  type ActionRequest,
  type Answer,
  type AnswerCard,
  answerCard,
  type Language,
  moneyText,
  rangeText,
  suggestionsFor,
} from "@kavi/insights/assistant";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../errors";
import { EMAIL_NOT_VERIFIED_MESSAGE } from "../../trpc";
import type { CallerBusiness } from "../caller";
import { getCustomer } from "../customers";
import { sendInvoice } from "../invoices/send";
import { listInvoices } from "../invoices/views";
import { requestInvoicePayment } from "../mpesa/stk";
import type { ServiceContext } from "../service-context";
import { createTransaction } from "../transactions/mutations";

/** How long a proposal can be confirmed: long enough to read it, short enough that it is still what was meant. */
export const PROPOSAL_LIFETIME_MS = 10 * 60_000;

const ZReminderPayloadSchema = z.object({
  invoiceId: ZIdSchema,
  invoiceNumber: z.string(),
  customerName: z.string(),
  to: z.string(),
});
const ZPaymentRequestPayloadSchema = z.object({
  invoiceId: ZIdSchema,
  invoiceNumber: z.string(),
  phone: ZMpesaPhoneSchema,
  /** Whole shillings in minor units, as text (JSON has no bigint). */
  amountMinor: z.string().regex(/^\d+$/),
});

/** Each action: the permission its screen needs, the payload the service takes, and how it is done. */
const ACTIONS = {
  record_transaction: { permission: "transactions.write", payload: ZCreateTransactionSchema },
  send_reminder: { permission: "invoices.send", payload: ZReminderPayloadSchema },
  request_payment: { permission: "invoices.requestPayment", payload: ZPaymentRequestPayloadSchema },
} as const satisfies Record<ActionKind, { permission: Permission; payload: z.ZodType }>;

type Payload<K extends ActionKind> = z.output<(typeof ACTIONS)[K]["payload"]>;

/** Who is proposing: the asker, in their business, with their role and modules. */
export interface ProposeContext {
  db: DbOrTx;
  business: CallerBusiness;
  membership: MemberGrant;
  now: Date;
  today: string;
}

/** What an action needs to be done as the person confirming it: the screens' own service contexts. */
export interface ActionContext extends ServiceContext {
  business: CallerBusiness;
  membership: MemberGrant;
  user: { id: string; emailVerified: boolean };
}

export interface Proposal {
  id: string;
  kind: ActionKind;
  payload: unknown;
  expiresAt: Date;
}

type Both = Record<Language, string>;

const CONFIRM_LABELS: Record<ActionKind, Both> = {
  record_transaction: { en: "Record it", sw: "Rekodi" },
  send_reminder: { en: "Send reminder", sw: "Tuma ukumbusho" },
  request_payment: { en: "Send M-Pesa prompt", sw: "Tuma ombi la M-Pesa" },
};

function plain(language: Language, text: Both): Answer {
  const reply = text[language];
  return { reply, speech: reply, cards: [], suggestions: suggestionsFor("start", language) };
}

function refusalFor(membership: MemberGrant, permission: Permission, language: Language): Answer | null {
  const decision = decideAccess(membership, permission);
  if (decision.allowed) return null;
  return plain(language, {
    en: `I can't do that for you: ${decision.reason}`,
    sw: `Siwezi kukufanyia hilo: ${decision.reason}`,
  });
}

/** The open invoice a request is about: the number it names, else the customer's most overdue. */
async function findOpenInvoice(
  ctx: ProposeContext,
  request: { invoiceNumber: string | null; customer: { id: string } | null },
) {
  const filters = request.invoiceNumber
    ? { search: request.invoiceNumber }
    : { status: "open" as const, customerId: request.customer?.id ?? null };
  const page = await listInvoices(ctx.db, ctx.business, filters, { limit: 50 }, ctx.now);
  const candidates = page.items.filter(
    (row) =>
      row.balanceDueMinor > 0n &&
      isOpenInvoiceStatus(row.status) &&
      (!request.invoiceNumber || row.invoiceNumber?.toUpperCase() === request.invoiceNumber),
  );
  return (
    candidates.sort((a, b) => b.daysOverdue - a.daysOverdue || a.dueDate.localeCompare(b.dueDate))[0] ?? null
  );
}

type Drafted = { answer: Answer; proposal: Omit<Proposal, "id" | "expiresAt"> | null };

function proposalCard(
  language: Language,
  kind: ActionKind,
  card: Omit<Partial<AnswerCard>, "action"> & { title: string },
): AnswerCard {
  return answerCard({
    ...card,
    // Filled in when the proposal is stored (its id and expiry).
    action: {
      proposalId: "",
      kind,
      status: "pending",
      expiresAt: "",
      confirmLabel: CONFIRM_LABELS[kind][language],
      cancelLabel: language === "sw" ? "Ghairi" : "Cancel",
      outcome: null,
    },
  });
}

async function draftRecord(
  ctx: ProposeContext,
  request: Extract<ActionRequest, { kind: "record_transaction" }>,
): Promise<Drafted> {
  const l = request.language;
  if (!request.amount) {
    return {
      answer: plain(l, {
        en: 'How much should I record? Say it with the amount, like "Record 2,500 for fuel paid by M-Pesa today".',
        sw: 'Nirekodi kiasi gani? Taja kiasi, kama "Rekodi 2,500 za mafuta kwa M-Pesa leo".',
      }),
      proposal: null,
    };
  }
  const parsed = ZCreateTransactionSchema.safeParse({
    type: request.type,
    amount: request.amount,
    categoryId: request.category?.id ?? null,
    description: request.category?.name ?? null,
    paymentMethod: request.paymentMethod ?? "cash",
    transactionDate: request.date,
    customerId: request.customer?.id ?? null,
    supplierId: request.supplier?.id ?? null,
  });
  if (!parsed.success) {
    const why = parsed.error.issues[0]?.message ?? "";
    return {
      answer: plain(l, { en: `I can't record that: ${why}`, sw: `Siwezi kurekodi hilo: ${why}` }),
      proposal: null,
    };
  }
  const currency = ctx.business.baseCurrency;
  const [whole = "0", fraction = ""] = request.amount.split(".");
  const amountMinor = BigInt(`${whole}${fraction.padEnd(2, "0").slice(0, 2)}`);
  const money = moneyText(amountMinor, currency);
  const method = {
    mpesa: "M-Pesa",
    cash: l === "sw" ? "taslimu" : "cash",
    bank: l === "sw" ? "benki" : "bank",
  }[request.paymentMethod ?? "cash"];
  const day = rangeText(request.date, request.date, l);
  const what = request.category
    ? categoryDisplayName(request.category, l)
    : l === "sw"
      ? "bila aina"
      : "no category";
  const party = request.customer?.name ?? request.supplier?.name ?? null;
  const reply =
    request.type === "expense"
      ? {
          en: `Shall I record an expense of ${money} for ${what}${party ? ` to ${party}` : ""}, paid by ${method} on ${day}? Nothing is saved until you confirm.`,
          sw: `Nirekodi matumizi ya ${money} kwa ${what}${party ? ` kwa ${party}` : ""}, yaliyolipwa kwa ${method} tarehe ${day}? Hakuna kitakachohifadhiwa hadi uthibitishe.`,
        }
      : {
          en: `Shall I record income of ${money} for ${what}${party ? ` from ${party}` : ""}, received by ${method} on ${day}? Nothing is saved until you confirm.`,
          sw: `Nirekodi mapato ya ${money} kwa ${what}${party ? ` kutoka ${party}` : ""}, yaliyopokelewa kwa ${method} tarehe ${day}? Hakuna kitakachohifadhiwa hadi uthibitishe.`,
        };
  const title = {
    expense: { en: "Record an expense", sw: "Rekodi matumizi" },
    income: { en: "Record income", sw: "Rekodi mapato" },
  }[request.type][l];
  const filters = [
    { label: l === "sw" ? "Aina" : "Category", value: what },
    { label: l === "sw" ? "Njia" : "Paid by", value: method },
    { label: l === "sw" ? "Tarehe" : "Date", value: day },
    ...(party ? [{ label: l === "sw" ? "Mhusika" : "With", value: party }] : []),
  ];
  const text = reply[l];
  return {
    answer: {
      reply: text,
      speech: text,
      cards: [
        proposalCard(l, "record_transaction", {
          title,
          figures: [{ label: l === "sw" ? "Kiasi" : "Amount", amountMinor, currency }],
          filters,
          currency,
        }),
      ],
      suggestions: [],
    },
    proposal: { kind: "record_transaction", payload: parsed.data },
  };
}

async function draftReminder(
  ctx: ProposeContext,
  request: Extract<ActionRequest, { kind: "send_reminder" }>,
): Promise<Drafted> {
  const l = request.language;
  if (!request.customer && !request.invoiceNumber) {
    return {
      answer: plain(l, {
        en: 'Whom should I remind? Name the customer or the invoice, like "Send a reminder to Naivas".',
        sw: 'Nimkumbushe nani? Taja mteja au ankara, kama "Mkumbushe Naivas".',
      }),
      proposal: null,
    };
  }
  const invoice = await findOpenInvoice(ctx, request);
  if (!invoice) {
    const who = request.invoiceNumber ?? request.customer?.name ?? "";
    return {
      answer: plain(l, {
        en: `${who} has no open invoice with money due, so there is nothing to remind about.`,
        sw: `${who} hana ankara iliyo wazi yenye deni, kwa hiyo hakuna cha kukumbusha.`,
      }),
      proposal: null,
    };
  }
  const customer = await getCustomer(ctx.db, ctx.business.id, invoice.customer.id);
  if (!customer.email) {
    return {
      answer: plain(l, {
        en: `${customer.name} has no email address, so I can't send a reminder. Add one on the customer's page first.`,
        sw: `${customer.name} hana barua pepe, kwa hiyo siwezi kutuma ukumbusho. Ongeza moja kwenye ukurasa wa mteja kwanza.`,
      }),
      proposal: null,
    };
  }
  const number = invoice.invoiceNumber ?? "";
  const due = moneyText(invoice.balanceDueMinor, invoice.currency);
  const late = invoice.daysOverdue > 0;
  const reply = {
    en: `Shall I email ${customer.name} a reminder about invoice ${number} (${due} due${late ? `, ${invoice.daysOverdue} days overdue` : ""}) at ${customer.email}? Nothing is sent until you confirm.`,
    sw: `Nimtumie ${customer.name} ukumbusho kuhusu ankara ${number} (${due} inadaiwa${late ? `, imechelewa siku ${invoice.daysOverdue}` : ""}) kwa ${customer.email}? Hakuna kitakachotumwa hadi uthibitishe.`,
  }[l];
  return {
    answer: {
      reply,
      speech: reply,
      cards: [
        proposalCard(l, "send_reminder", {
          title: l === "sw" ? `Mkumbushe ${customer.name}` : `Remind ${customer.name}`,
          figures: [
            {
              label: l === "sw" ? "Deni" : "Balance due",
              amountMinor: invoice.balanceDueMinor,
              currency: invoice.currency,
            },
          ],
          filters: [
            { label: l === "sw" ? "Ankara" : "Invoice", value: number },
            { label: l === "sw" ? "Kwa" : "To", value: customer.email },
          ],
          link: {
            path: `invoices/${invoice.id}`,
            params: {},
            label: l === "sw" ? "Fungua ankara" : "Open the invoice",
          },
          currency: invoice.currency,
        }),
      ],
      suggestions: [],
    },
    proposal: {
      kind: "send_reminder",
      payload: {
        invoiceId: invoice.id,
        invoiceNumber: number,
        customerName: customer.name,
        to: customer.email,
      } satisfies Payload<"send_reminder">,
    },
  };
}

async function draftPaymentRequest(
  ctx: ProposeContext,
  request: Extract<ActionRequest, { kind: "request_payment" }>,
): Promise<Drafted> {
  const l = request.language;
  const invoice = await findOpenInvoice(ctx, request);
  if (!invoice) {
    const who =
      request.invoiceNumber ?? request.customer?.name ?? (l === "sw" ? "Mteja huyo" : "That customer");
    return {
      answer: plain(l, {
        en: `${who}: there is no open invoice with money due to ask for. Name the invoice, like "Request payment for INV-2026-0012 from 0712345678".`,
        sw: `${who}: hakuna ankara iliyo wazi yenye deni la kuomba. Taja ankara, kama "Omba malipo ya INV-2026-0012 kutoka 0712345678".`,
      }),
      proposal: null,
    };
  }
  const customer = await getCustomer(ctx.db, ctx.business.id, invoice.customer.id);
  const phone = ZMpesaPhoneSchema.safeParse(request.phone ?? customer.phone ?? "");
  if (!phone.success) {
    return {
      answer: plain(l, {
        en: `Which M-Pesa number should I prompt? Say it with the request, like "Request payment for ${invoice.invoiceNumber} from 0712345678".`,
        sw: `Nitume ombi kwa namba gani ya M-Pesa? Itaje, kama "Omba malipo ya ${invoice.invoiceNumber} kutoka 0712345678".`,
      }),
      proposal: null,
    };
  }
  // STK pushes ask for whole shillings: the balance, rounded up, as the invoice screen does.
  const amountMinor = ((invoice.balanceDueMinor + 99n) / 100n) * 100n;
  const payload = ZPaymentRequestPayloadSchema.safeParse({
    invoiceId: invoice.id,
    invoiceNumber: invoice.invoiceNumber ?? "",
    phone: phone.data,
    amountMinor: amountMinor.toString(),
  });
  if (!payload.success || invoice.currency !== "KES") {
    return {
      answer: plain(l, {
        en: `I can't ask for that by M-Pesa: invoice ${invoice.invoiceNumber} is in ${invoice.currency}, and M-Pesa prompts are in shillings.`,
        sw: `Siwezi kuomba hilo kwa M-Pesa: ankara ${invoice.invoiceNumber} iko kwa ${invoice.currency}, na maombi ya M-Pesa ni kwa shilingi.`,
      }),
      proposal: null,
    };
  }
  const money = moneyText(amountMinor, invoice.currency);
  const reply = {
    en: `Shall I send an M-Pesa prompt to ${phone.data} for ${money} on invoice ${invoice.invoiceNumber} (${invoice.customer.name})? Their phone is prompted only after you confirm.`,
    sw: `Nitume ombi la M-Pesa kwa ${phone.data} la ${money} kwa ankara ${invoice.invoiceNumber} (${invoice.customer.name})? Simu yao itapokea ombi baada tu ya wewe kuthibitisha.`,
  }[l];
  return {
    answer: {
      reply,
      speech: reply,
      cards: [
        proposalCard(l, "request_payment", {
          title: l === "sw" ? "Omba malipo kwa M-Pesa" : "Request payment by M-Pesa",
          figures: [{ label: l === "sw" ? "Kiasi" : "Amount", amountMinor, currency: invoice.currency }],
          filters: [
            { label: l === "sw" ? "Ankara" : "Invoice", value: invoice.invoiceNumber ?? "" },
            { label: l === "sw" ? "Simu" : "Phone", value: phone.data },
          ],
          link: {
            path: `invoices/${invoice.id}`,
            params: {},
            label: l === "sw" ? "Fungua ankara" : "Open the invoice",
          },
          currency: invoice.currency,
        }),
      ],
      suggestions: [],
    },
    proposal: { kind: "request_payment", payload: payload.data },
  };
}

/**
 * A request turned into a proposal the person can confirm, checked the way the screen would check it (their
 * permission, the invoice is open, the customer has an email or an M-Pesa number). Nothing is done here.
 */
export async function draftProposal(ctx: ProposeContext, request: ActionRequest): Promise<Drafted> {
  const refusal = refusalFor(ctx.membership, ACTIONS[request.kind].permission, request.language);
  if (refusal) return { answer: refusal, proposal: null };
  switch (request.kind) {
    case "record_transaction":
      return draftRecord(ctx, request);
    case "send_reminder":
      return draftReminder(ctx, request);
    case "request_payment":
      return draftPaymentRequest(ctx, request);
  }
}

/** The stored proposal's id and expiry, written into its card. */
export function withProposal(cards: AnswerCard[], proposal: Proposal): AnswerCard[] {
  return cards.map((card) =>
    card.action
      ? {
          ...card,
          action: { ...card.action, proposalId: proposal.id, expiresAt: proposal.expiresAt.toISOString() },
        }
      : card,
  );
}

export async function insertProposal(
  tx: DbOrTx,
  proposal: Proposal,
  owner: { businessId: string; userId: string; conversationId: string; messageId: string },
) {
  await tx.insert(assistantActionProposals).values({
    id: proposal.id,
    ...owner,
    kind: proposal.kind,
    payload: proposal.payload,
    expiresAt: proposal.expiresAt,
  });
}

/** Keeps the card in the stored answer in step with its proposal, so a reopened conversation shows it. */
async function updateCard(
  db: DbOrTx,
  messageId: string,
  proposalId: string,
  change: Pick<ActionCard, "status" | "outcome">,
) {
  const [message] = await db
    .select({ cards: assistantMessages.cards })
    .from(assistantMessages)
    .where(eq(assistantMessages.id, messageId));
  if (!message || !Array.isArray(message.cards)) return;
  const cards = (message.cards as { action?: ActionCard }[]).map((card) =>
    card.action?.proposalId === proposalId ? { ...card, action: { ...card.action, ...change } } : card,
  );
  await db.update(assistantMessages).set({ cards }).where(eq(assistantMessages.id, messageId));
}

type Outcome = { message: string; path: string | null; ids: Record<string, string> };

async function perform(
  ctx: ActionContext,
  proposal: { id: string; kind: ActionKind; payload: unknown },
  language: Language,
): Promise<Outcome> {
  const say = (text: Both) => text[language];
  const rawPayload = proposal.payload;
  switch (proposal.kind) {
    case "record_transaction": {
      const payload = ACTIONS.record_transaction.payload.parse(rawPayload);
      // The proposal's id as the external id: the ledger itself refuses a second copy.
      const day = String(payload.transactionDate).slice(0, 10);
      const created = await createTransaction(ctx, ctx.business, {
        ...payload,
        externalId: `kavi-assistant:${proposal.id}`,
      });
      return {
        message: say({ en: "Recorded.", sw: "Imerekodiwa." }),
        path: `transactions?from=${day}&to=${day}`,
        ids: { transactionId: created.id },
      };
    }
    case "send_reminder": {
      const payload = ACTIONS.send_reminder.payload.parse(rawPayload);
      const sent = await sendInvoice(ctx, ctx.business, payload.invoiceId, {
        message: `A friendly reminder: invoice ${payload.invoiceNumber} is still open. Thank you for paying it soon.`,
      });
      return {
        message: say({ en: `Reminder sent to ${sent.to}.`, sw: `Ukumbusho umetumwa kwa ${sent.to}.` }),
        path: `invoices/${payload.invoiceId}`,
        ids: { emailId: sent.emailId },
      };
    }
    case "request_payment": {
      const payload = ACTIONS.request_payment.payload.parse(rawPayload);
      const request = await requestInvoicePayment(ctx, ctx.business.id, {
        invoiceId: payload.invoiceId,
        phone: payload.phone,
        amountMinor: BigInt(payload.amountMinor),
      });
      return {
        message: say({
          en: `M-Pesa prompt sent to ${payload.phone}.`,
          sw: `Ombi la M-Pesa limetumwa kwa ${payload.phone}.`,
        }),
        path: `invoices/${payload.invoiceId}`,
        ids: { paymentRequestId: request.id },
      };
    }
  }
}

async function findOwnProposal(ctx: ActionContext, proposalId: string) {
  const [proposal] = await ctx.db
    .select()
    .from(assistantActionProposals)
    .where(
      and(
        eq(assistantActionProposals.id, proposalId),
        eq(assistantActionProposals.businessId, ctx.business.id),
        eq(assistantActionProposals.userId, ctx.user.id),
      ),
    );
  // Another person's proposal, or another business's, is as absent as one that never existed.
  if (!proposal) throw new AppError("NOT_FOUND", "This proposal was not found");
  return proposal;
}

const ALREADY: Record<string, string> = {
  confirming: "This action is already being done.",
  done: "This action was already done.",
  failed: "This action was tried and refused. Ask again to get a new proposal.",
  cancelled: "This proposal was cancelled. Ask again to get a new one.",
  expired: "This proposal expired. Ask again to get a new one.",
};

/** Moves a pending, unexpired proposal to `status`; exactly one caller wins. */
async function claim(ctx: ActionContext, proposalId: string, status: "confirming" | "cancelled") {
  const now = ctx.now();
  const proposal = await findOwnProposal(ctx, proposalId);
  if (proposal.status === "pending" && proposal.expiresAt <= now) {
    await ctx.db
      .update(assistantActionProposals)
      .set({ status: "expired", decidedAt: now })
      .where(
        and(eq(assistantActionProposals.id, proposalId), eq(assistantActionProposals.status, "pending")),
      );
    await updateCard(ctx.db, proposal.messageId, proposalId, { status: "expired", outcome: null });
    throw new AppError("CONFLICT", ALREADY.expired ?? "");
  }
  const [claimed] = await ctx.db
    .update(assistantActionProposals)
    .set({ status, decidedAt: now })
    .where(and(eq(assistantActionProposals.id, proposalId), eq(assistantActionProposals.status, "pending")))
    .returning();
  if (!claimed) {
    const [current] = await ctx.db
      .select({ status: assistantActionProposals.status })
      .from(assistantActionProposals)
      .where(eq(assistantActionProposals.id, proposalId));
    throw new AppError("CONFLICT", ALREADY[current?.status ?? "done"] ?? "This proposal can't be confirmed.");
  }
  return claimed;
}

/**
 * Does a proposed action, once: as the person confirming it (their permission is checked again, now), through
 * the same service and audit log as the screen. The proposal is claimed first (pending → confirming in one
 * UPDATE), so a second confirm, even a simultaneous one, does nothing.
 */
export async function confirmProposal(ctx: ActionContext, proposalId: string) {
  const proposal = await findOwnProposal(ctx, proposalId);
  const kind = proposal.kind as ActionKind;
  const permission = ACTIONS[kind].permission;
  const decision = decideAccess(ctx.membership, permission);
  if (!decision.allowed) throw new AppError("FORBIDDEN", decision.reason);
  if (requirementOf(permission).verifiedEmail === true && !ctx.user.emailVerified) {
    throw new AppError("FORBIDDEN", EMAIL_NOT_VERIFIED_MESSAGE, { reason: "EMAIL_NOT_VERIFIED" });
  }
  const claimed = await claim(ctx, proposalId, "confirming");
  try {
    const [answer] = await ctx.db
      .select({ language: assistantMessages.language })
      .from(assistantMessages)
      .where(eq(assistantMessages.id, claimed.messageId));
    const language: Language = answer?.language === "sw" ? "sw" : "en";
    const outcome = await perform(ctx, { id: proposalId, kind, payload: claimed.payload }, language);
    await ctx.db
      .update(assistantActionProposals)
      .set({ status: "done", outcome })
      .where(eq(assistantActionProposals.id, proposalId));
    await updateCard(ctx.db, claimed.messageId, proposalId, {
      status: "done",
      outcome: { message: outcome.message, path: outcome.path },
    });
    return { status: "done" as const, message: outcome.message, path: outcome.path };
  } catch (error) {
    // Single use: a refused action is not retried with the same proposal (the person asks again).
    const message = error instanceof AppError ? error.userMessage : "Something went wrong.";
    await ctx.db
      .update(assistantActionProposals)
      .set({ status: "failed", outcome: { error: message } })
      .where(eq(assistantActionProposals.id, proposalId));
    await updateCard(ctx.db, claimed.messageId, proposalId, {
      status: "failed",
      outcome: { message, path: null },
    });
    throw error;
  }
}

export async function cancelProposal(ctx: ActionContext, proposalId: string) {
  const claimed = await claim(ctx, proposalId, "cancelled");
  await updateCard(ctx.db, claimed.messageId, proposalId, { status: "cancelled", outcome: null });
  return { status: "cancelled" as const };
}
