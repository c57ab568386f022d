import { categories, type DbOrTx, invoices, type Transaction, transactions } from "@kavi/db";
import {
  categoryKindFor,
  inField,
  isSystemSource,
  parseMoney,
  type TransactionType,
  type ZBulkCategoriseSchema,
  type ZCreateTransactionSchema,
  type ZUpdateTransactionSchema,
  zonedDateTimeToInstant,
} from "@kavi/domain";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { type Actor, diffChanges, recordActivity } from "../activity";
import { scheduleBudgetCheck } from "../budgets/schedule";
import { clearSuggestions, personChoseCategory } from "../categorisation/review";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import type { LedgerBusiness } from "./queries";
import {
  assertReferences,
  checkReferences,
  computeBaseAmount,
  recordTransaction,
  TRANSACTION_AUDIT_FIELDS,
  type TTransactionRow,
} from "./record";

type TCreateTransaction = z.output<typeof ZCreateTransactionSchema>;
type TUpdateTransaction = z.output<typeof ZUpdateTransactionSchema>;

export function parseAmountField(amount: string, currency: string, field = "amount"): bigint {
  const minor = inField(field, () => parseMoney(amount, currency));
  if (minor <= 0n) {
    throw new AppError("BAD_REQUEST", "The amount must be more than zero", {
      fieldErrors: { [field]: ["The amount must be more than zero"] },
    });
  }
  if (minor >= 10n ** 15n) {
    throw new AppError("BAD_REQUEST", "That amount is too large", {
      fieldErrors: { [field]: ["That amount is too large"] },
    });
  }
  return minor;
}

function checkedVat(vatMinor: bigint | null, amountMinor: bigint): bigint | null {
  if (vatMinor !== null && vatMinor > amountMinor) {
    throw new AppError("BAD_REQUEST", "The VAT cannot be more than the amount", {
      fieldErrors: { vat: ["The VAT cannot be more than the amount"] },
    });
  }
  return vatMinor;
}

/** The VAT part of an amount, as typed: blank is none; never more than the amount it is part of. */
function parseVatField(
  value: string | null | undefined,
  amountMinor: bigint,
  currency: string,
): bigint | null {
  if (!value) return null;
  return checkedVat(parseAmountField(value, currency, "vat"), amountMinor);
}

/** A date from a form: an instant as is, a local date or date-time read in the business's zone. */
export function resolveTransactionDate(value: Date | string, timezone: string): Date {
  if (value instanceof Date) return value;
  const local = value.length === 10 ? `${value}T12:00:00` : value;
  return zonedDateTimeToInstant(local, timezone);
}

/**
 * The row a device already booked under this key, if any. The transaction-scoped advisory lock makes two
 * concurrent sends of one key wait for each other, so the second finds the first's row (the unique index is the
 * backstop).
 */
async function findByClientRequestId(
  tx: DbOrTx,
  businessId: string,
  clientRequestId: string,
): Promise<TTransactionRow | null> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`transaction-request:${businessId}:${clientRequestId}`}, 0))`,
  );
  const [existing] = await tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.businessId, businessId), eq(transactions.clientRequestId, clientRequestId)))
    .limit(1);
  return existing ?? null;
}

/**
 * A person's entry. With `clientRequestId` (made by the device at capture time) it is idempotent: the same key
 * again returns the transaction booked the first time, unchanged, and writes nothing; the key is per business.
 */
export async function createTransaction(
  ctx: ServiceContext,
  business: LedgerBusiness,
  input: TCreateTransaction,
  /** More work in the same database transaction, once the row exists (a receipt links its photo). */
  alsoInTransaction?: (tx: Transaction, transaction: TTransactionRow) => Promise<void>,
) {
  const currency = input.currency ?? business.baseCurrency;
  const amountMinor = parseAmountField(input.amount, currency);
  return inTransaction(ctx, async (tx, afterCommit) => {
    if (input.clientRequestId) {
      const replayed = await findByClientRequestId(tx, business.id, input.clientRequestId);
      if (replayed) return replayed;
    }
    const result = await recordTransaction(
      tx,
      ctx.actor,
      {
        businessId: business.id,
        type: input.type,
        amountMinor,
        currency,
        exchangeRate: input.exchangeRate ?? null,
        categoryId: input.type === "transfer" ? null : (input.categoryId ?? null),
        description: input.description ?? null,
        paymentMethod: input.paymentMethod,
        transactionDate: resolveTransactionDate(input.transactionDate, business.timezone),
        referenceNumber: input.referenceNumber ?? null,
        vatMinor: parseVatField(input.vat, amountMinor, currency),
        externalId: input.externalId ?? null,
        clientRequestId: input.clientRequestId ?? null,
        source: "manual",
        status: input.status,
        customerId: input.customerId ?? null,
        supplierId: input.supplierId ?? null,
        notes: input.notes ?? null,
      },
      afterCommit,
    );
    if (result.status === "already_recorded") {
      throw new AppError("CONFLICT", "A transaction with this external id is already recorded", {
        fieldErrors: { externalId: ["A transaction with this external id is already recorded"] },
      });
    }
    await alsoInTransaction?.(tx, result.transaction);
    return result.transaction;
  });
}

async function lockTransaction(
  tx: DbOrTx,
  businessId: string,
  transactionId: string,
): Promise<TTransactionRow> {
  const [row] = await tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.businessId, businessId), eq(transactions.id, transactionId)))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "Transaction not found");
  return row;
}

/** Invoice payments, M-Pesa receipts and payouts keep their money facts; see TRANSACTION_SOURCES. */
function isOwnedElsewhere(row: TTransactionRow): boolean {
  return isSystemSource(row.source) || row.invoiceId !== null;
}

async function invoiceLabel(tx: DbOrTx, row: TTransactionRow): Promise<string> {
  if (!row.invoiceId) return "";
  const [invoice] = await tx
    .select({ number: invoices.invoiceNumber })
    .from(invoices)
    .where(eq(invoices.id, row.invoiceId))
    .limit(1);
  return invoice ? ` ${invoice.number}` : "";
}

const LOCKED_WHEN_OWNED_ELSEWHERE = [
  "type",
  "amount",
  "currency",
  "exchangeRate",
  "transactionDate",
  "status",
  "paymentMethod",
] as const;

/**
 * Changes a transaction. Void transactions are frozen. Rows another flow owns (an invoice payment, an M-Pesa
 * receipt, a payout) may be recategorised, described, and linked to a supplier, but their amount, date,
 * type, status and method stay what that flow recorded.
 */
export async function updateTransaction(
  ctx: ServiceContext,
  business: LedgerBusiness,
  input: TUpdateTransaction,
) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const before = await lockTransaction(tx, business.id, input.transactionId);
    if (before.status === "void") {
      throw new AppError("PRECONDITION_FAILED", "This transaction is void and can no longer be changed");
    }
    if (isOwnedElsewhere(before)) {
      const locked = LOCKED_WHEN_OWNED_ELSEWHERE.filter((field) => input[field] !== undefined);
      const changed = locked.filter((field) => {
        if (field === "amount") {
          return (
            input.amount !== undefined &&
            parseAmountField(input.amount, before.currency) !== before.amountMinor
          );
        }
        if (field === "transactionDate") {
          const value = input.transactionDate;
          return (
            value !== undefined &&
            resolveTransactionDate(value, business.timezone).getTime() !== before.transactionDate.getTime()
          );
        }
        if (field === "exchangeRate") {
          return input.exchangeRate != null && Number(input.exchangeRate) !== Number(before.exchangeRate);
        }
        return input[field] !== before[field];
      });
      if (
        changed.length > 0 ||
        (before.invoiceId && input.customerId !== undefined && input.customerId !== before.customerId)
      ) {
        const owner =
          before.invoiceId || before.source === "invoice_payment"
            ? `invoice${await invoiceLabel(tx, before)}`
            : "M-Pesa";
        const message = `This transaction was recorded from ${owner}; change it there. Here you can change the category, description, notes and supplier.`;
        const fields = changed.length > 0 ? changed : ["customerId"];
        throw new AppError("PRECONDITION_FAILED", message, {
          fieldErrors: Object.fromEntries(fields.map((field) => [field, [message]])),
        });
      }
    }
    const type: TransactionType = input.type ?? before.type;
    const currency = input.currency ?? before.currency;
    const amountMinor =
      input.amount !== undefined ? parseAmountField(input.amount, currency) : before.amountMinor;
    const patch: Partial<TTransactionRow> = {
      type,
      currency,
      amountMinor,
      categoryId:
        type === "transfer" ? null : input.categoryId === undefined ? before.categoryId : input.categoryId,
      customerId: input.customerId === undefined ? before.customerId : input.customerId,
      supplierId: input.supplierId === undefined ? before.supplierId : input.supplierId,
    };
    if (patch.categoryId !== before.categoryId)
      Object.assign(patch, personChoseCategory(patch.categoryId ?? null));
    if (input.description !== undefined) patch.description = input.description;
    if (input.notes !== undefined) patch.notes = input.notes;
    if (input.referenceNumber !== undefined) patch.referenceNumber = input.referenceNumber;
    if (input.vat !== undefined) patch.vatMinor = parseVatField(input.vat, amountMinor, currency);
    else if (input.amount !== undefined) patch.vatMinor = checkedVat(before.vatMinor, amountMinor);
    if (input.paymentMethod !== undefined) patch.paymentMethod = input.paymentMethod;
    if (input.status !== undefined) patch.status = input.status;
    if (input.transactionDate !== undefined) {
      patch.transactionDate = resolveTransactionDate(input.transactionDate, business.timezone);
    }
    const refs = {
      categoryId: patch.categoryId === before.categoryId ? null : patch.categoryId,
      customerId: patch.customerId === before.customerId ? null : patch.customerId,
      supplierId: patch.supplierId === before.supplierId ? null : patch.supplierId,
    };
    const check = await checkReferences(tx, business.id, refs);
    assertReferences(check, refs, type);
    if (patch.categoryId && patch.categoryId === before.categoryId && type !== before.type) {
      // Same category, new type: the kind must still fit.
      const kindCheck = await checkReferences(tx, business.id, { categoryId: patch.categoryId });
      assertReferences(kindCheck, { categoryId: patch.categoryId }, type, { allowArchivedCategory: true });
    }
    const rateInput =
      input.exchangeRate !== undefined
        ? input.exchangeRate
        : currency === before.currency
          ? before.exchangeRate
          : null;
    const money = computeBaseAmount(amountMinor, currency, rateInput, business.baseCurrency);
    patch.exchangeRate = money.exchangeRate;
    patch.baseAmountMinor = money.baseAmountMinor;

    const comparable = {
      ...patch,
      exchangeRate:
        Number(patch.exchangeRate) === Number(before.exchangeRate) ? before.exchangeRate : patch.exchangeRate,
    };
    const changes = diffChanges(before, comparable, TRANSACTION_AUDIT_FIELDS);
    if (!changes) return before;
    const [after] = await tx
      .update(transactions)
      .set(comparable)
      .where(eq(transactions.id, before.id))
      .returning();
    if (patch.categoryId !== before.categoryId) await clearSuggestions(tx, [before.id]);
    await recordActivity(tx, ctx.actor, {
      action: "transaction.updated",
      entityType: "transaction",
      entityId: before.id,
      changes,
    });
    scheduleBudgetCheck(afterCommit, business.id);
    return after ?? before;
  });
}

/**
 * Voids a transaction: it stays (with its external id, so the same receipt can never be booked again) but
 * leaves every report. Used for reversed M-Pesa payments and mistakes on imported rows. Invoice payments are
 * voided from their invoice (pass `allowInvoicePayment` from that flow).
 */
export async function voidTransactionInTx(
  tx: DbOrTx,
  actor: Actor,
  afterCommit: AfterCommit | null,
  businessId: string,
  transactionId: string,
  reason: string,
  now: Date,
  options: { allowInvoicePayment?: boolean } = {},
): Promise<TTransactionRow> {
  const before = await lockTransaction(tx, businessId, transactionId);
  if (before.status === "void") return before;
  if ((before.invoiceId || before.source === "invoice_payment") && !options.allowInvoicePayment) {
    const message = `This is a payment on invoice${await invoiceLabel(tx, before)}; remove the payment from the invoice instead`;
    throw new AppError("PRECONDITION_FAILED", message);
  }
  const [after] = await tx
    .update(transactions)
    .set({ status: "void", voidedAt: now, voidReason: reason })
    .where(eq(transactions.id, before.id))
    .returning();
  if (!after) throw new AppError("NOT_FOUND", "Transaction not found");
  await recordActivity(
    tx,
    { ...actor, businessId },
    {
      action: "transaction.voided",
      entityType: "transaction",
      entityId: before.id,
      changes: diffChanges(before, after, ["status", "voidedAt", "voidReason"]),
    },
  );
  if (afterCommit) scheduleBudgetCheck(afterCommit, businessId);
  return after;
}

export async function voidTransaction(
  ctx: ServiceContext,
  businessId: string,
  transactionId: string,
  reason: string,
) {
  return inTransaction(ctx, (tx, afterCommit) =>
    voidTransactionInTx(tx, ctx.actor, afterCommit, businessId, transactionId, reason, ctx.now()),
  );
}

function deletionRefusal(row: TTransactionRow): string | null {
  if (row.invoiceId || row.source === "invoice_payment")
    return "it is an invoice payment (remove it from the invoice)";
  if (row.source === "mpesa" || row.source === "payout")
    return "it came from M-Pesa (void it instead, so the receipt stays on record)";
  return null;
}

/**
 * Deletes transactions typed or imported by people, for good (the activity log keeps what they were).
 * Rows another flow recorded are voided, never deleted. All or nothing.
 */
export async function deleteTransactions(
  ctx: ServiceContext,
  businessId: string,
  transactionIds: readonly string[],
) {
  const ids = [...new Set(transactionIds)];
  return inTransaction(ctx, async (tx, afterCommit) => {
    const rows = await tx
      .select()
      .from(transactions)
      .where(and(eq(transactions.businessId, businessId), inArray(transactions.id, ids)))
      .for("update");
    if (rows.length !== ids.length) throw new AppError("NOT_FOUND", "Transaction not found");
    const refused = rows.flatMap((row) => {
      const reason = deletionRefusal(row);
      return reason ? [{ row, reason }] : [];
    });
    if (refused.length > 0) {
      const first = refused[0];
      const message =
        ids.length === 1 && first
          ? `This transaction cannot be deleted: ${first.reason}.`
          : `${refused.length} of the ${ids.length} selected transactions cannot be deleted (invoice payments and M-Pesa receipts are voided instead). Nothing was deleted.`;
      throw new AppError("PRECONDITION_FAILED", message);
    }
    await tx
      .delete(transactions)
      .where(and(eq(transactions.businessId, businessId), inArray(transactions.id, ids)));
    for (const row of rows) {
      await recordActivity(tx, ctx.actor, {
        action: "transaction.deleted",
        entityType: "transaction",
        entityId: row.id,
        changes: diffChanges(
          row,
          Object.fromEntries(TRANSACTION_AUDIT_FIELDS.map((field) => [field, null])),
          TRANSACTION_AUDIT_FIELDS,
        ),
        metadata: ids.length > 1 ? { bulk: true, count: ids.length } : null,
      });
    }
    scheduleBudgetCheck(afterCommit, businessId);
    return { deleted: rows.length };
  });
}

/** Sets (or clears) the category of many transactions at once; the category must fit every one of them. */
export async function bulkCategorise(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZBulkCategoriseSchema>,
) {
  const ids = [...new Set(input.transactionIds)];
  return inTransaction(ctx, async (tx, afterCommit) => {
    let category:
      | { id: string; kind: "income" | "expense"; name: string; archivedAt: Date | null }
      | undefined;
    if (input.categoryId) {
      [category] = await tx
        .select({
          id: categories.id,
          kind: categories.kind,
          name: categories.name,
          archivedAt: categories.archivedAt,
        })
        .from(categories)
        .where(and(eq(categories.businessId, businessId), eq(categories.id, input.categoryId)));
      if (!category) {
        throw new AppError("NOT_FOUND", "Category not found", {
          fieldErrors: { categoryId: ["Category not found"] },
        });
      }
      if (category.archivedAt) {
        throw new AppError("BAD_REQUEST", `"${category.name}" is archived; choose another category`, {
          fieldErrors: { categoryId: [`"${category.name}" is archived; choose another category`] },
        });
      }
    }
    const rows = await tx
      .select()
      .from(transactions)
      .where(and(eq(transactions.businessId, businessId), inArray(transactions.id, ids)))
      .for("update");
    if (rows.length !== ids.length) throw new AppError("NOT_FOUND", "Transaction not found");
    if (category) {
      const misfits = rows.filter((row) => categoryKindFor(row.type) !== category.kind);
      if (misfits.length > 0) {
        const message = `"${category.name}" is an ${category.kind} category, but ${misfits.length} of the selected transactions are not ${category.kind === "income" ? "money in" : "money out"}. Nothing was changed.`;
        throw new AppError("BAD_REQUEST", message, { fieldErrors: { categoryId: [message] } });
      }
    }
    const categoryId = category?.id ?? null;
    const changing = rows.filter((row) => row.categoryId !== categoryId);
    if (changing.length > 0) {
      await tx
        .update(transactions)
        .set({ categoryId, ...personChoseCategory(categoryId) })
        .where(
          and(
            eq(transactions.businessId, businessId),
            inArray(
              transactions.id,
              changing.map((row) => row.id),
            ),
          ),
        );
      await clearSuggestions(
        tx,
        changing.map((row) => row.id),
      );
      for (const row of changing) {
        await recordActivity(tx, ctx.actor, {
          action: "transaction.categorised",
          entityType: "transaction",
          entityId: row.id,
          changes: { categoryId: { before: row.categoryId, after: categoryId } },
          metadata: ids.length > 1 ? { bulk: true, count: ids.length } : null,
        });
      }
      scheduleBudgetCheck(afterCommit, businessId);
    }
    return { updated: changing.length };
  });
}
