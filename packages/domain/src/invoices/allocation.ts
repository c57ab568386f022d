/**
 * How money received meets an invoice: what the invoice still owes is settled first, and any excess is the
 * customer's credit. Nothing is created or lost: applied + credited = received.
 */
export interface PaymentAllocation {
  appliedMinor: bigint;
  creditedMinor: bigint;
}

export function allocatePayment(receivedMinor: bigint, balanceDueMinor: bigint): PaymentAllocation {
  if (receivedMinor < 0n) throw new RangeError("a payment cannot be negative");
  const owed = balanceDueMinor > 0n ? balanceDueMinor : 0n;
  const appliedMinor = receivedMinor < owed ? receivedMinor : owed;
  return { appliedMinor, creditedMinor: receivedMinor - appliedMinor };
}

/**
 * What a credit note does to an invoice: the part of it that reduces what is still owed, and the part that
 * goes back to the customer (as credit or a refund) because it exceeds what was owed.
 */
export function allocateCreditNote(
  creditMinor: bigint,
  invoice: { totalMinor: bigint; creditedMinor: bigint; amountPaidMinor: bigint },
): { reducesBalanceMinor: bigint; returnedMinor: bigint } {
  const overBefore = max0(invoice.amountPaidMinor + invoice.creditedMinor - invoice.totalMinor);
  const overAfter = max0(invoice.amountPaidMinor + invoice.creditedMinor + creditMinor - invoice.totalMinor);
  const returnedMinor = overAfter - overBefore;
  return { reducesBalanceMinor: creditMinor - returnedMinor, returnedMinor };
}

function max0(value: bigint): bigint {
  return value > 0n ? value : 0n;
}

/** The smaller of two amounts (Math.min does not take bigint). */
export function minMinor(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
