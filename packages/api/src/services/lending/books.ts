import type { DbOrTx, loanRepayments, loans } from "@kavi/db";
import { formatMoney, type SystemCategoryKey } from "@kavi/domain";
import type { Actor } from "../activity";
import { ensureDefaultCategories, findCategoryBySystemKey } from "../categories";
import { recordTransaction } from "../transactions/record";
import type { AfterCommit } from "../unit-of-work";

/**
 * Loan money in the borrowing business's own books. The loan received is income-side cash in "Loan proceeds";
 * the principal paid back is an expense-side entry in "Loan repayments"; both are left out of profit and loss
 * (PROFIT_EXCLUDED_CATEGORY_KEYS) while cash flow counts them. Interest, fees and penalties are a finance cost
 * ("Loan interest and charges") and count as expenses. Each entry's external id is derived from the M-Pesa
 * receipt, so the ledger books a receipt once however often settlement runs.
 */

/** The category itself (after a rename or merge), so no categorisation rule can move loan money into sales. */
async function loanCategory(tx: DbOrTx, businessId: string, key: SystemCategoryKey) {
  await ensureDefaultCategories(tx, businessId);
  const category = await findCategoryBySystemKey(tx, businessId, key);
  return category ? { categoryId: category.id } : { categorySystemKey: key };
}

type TLoan = Pick<typeof loans.$inferSelect, "id" | "businessId" | "number" | "currency">;

export async function bookLoanProceeds(
  tx: DbOrTx,
  actor: Actor,
  loan: TLoan,
  paid: { amountMinor: bigint; receipt: string; paidAt: Date },
  afterCommit?: AfterCommit,
): Promise<string> {
  const category = await loanCategory(tx, loan.businessId, "loan_proceeds");
  const { transaction } = await recordTransaction(
    tx,
    actor,
    {
      businessId: loan.businessId,
      type: "income",
      amountMinor: paid.amountMinor,
      currency: loan.currency,
      ...category,
      description: `Loan ${loan.number} received`,
      paymentMethod: "mpesa",
      transactionDate: paid.paidAt,
      referenceNumber: paid.receipt,
      externalId: paid.receipt,
      source: "mpesa",
    },
    afterCommit,
  );
  return transaction.id;
}

/**
 * The principal part (not an expense in P&L), the charges part (a finance cost) and any overpayment the loan could not
 * take (money the lender holds for the business: in "Loan repayments" too, so the books show every shilling that
 * left), each when not zero.
 */
export async function bookLoanRepayment(
  tx: DbOrTx,
  actor: Actor,
  loan: TLoan,
  repayment: typeof loanRepayments.$inferSelect,
  afterCommit?: AfterCommit,
): Promise<string | null> {
  const charges = repayment.interestMinor + repayment.feeMinor + repayment.penaltyMinor;
  const parts = [
    {
      key: "loan_repayments" as const,
      amountMinor: repayment.principalMinor,
      suffix: "P",
      description: `Loan ${loan.number} repayment: principal`,
    },
    {
      key: "loan_charges" as const,
      amountMinor: charges,
      suffix: "C",
      description: `Loan ${loan.number} repayment: interest ${formatMoney(repayment.interestMinor, loan.currency)}, fees ${formatMoney(repayment.feeMinor, loan.currency)}, penalty ${formatMoney(repayment.penaltyMinor, loan.currency)}`,
    },
    {
      key: "loan_repayments" as const,
      amountMinor: repayment.unappliedMinor,
      suffix: "O",
      description: `Loan ${loan.number} overpayment held by the lender: ${formatMoney(repayment.unappliedMinor, loan.currency)}`,
    },
  ];
  let principalTransactionId: string | null = null;
  for (const part of parts) {
    if (part.amountMinor <= 0n) continue;
    const { transaction } = await recordTransaction(
      tx,
      actor,
      {
        businessId: loan.businessId,
        type: "expense",
        amountMinor: part.amountMinor,
        currency: loan.currency,
        ...(await loanCategory(tx, loan.businessId, part.key)),
        description: part.description,
        paymentMethod: "mpesa",
        transactionDate: repayment.receivedAt,
        referenceNumber: repayment.reference,
        externalId: `${repayment.reference}-${part.suffix}`,
        source: "mpesa",
      },
      afterCommit,
    );
    if (part.suffix === "P") principalTransactionId = transaction.id;
  }
  return principalTransactionId;
}
