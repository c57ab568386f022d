import { Badge, type BadgeTone } from "../../ui/badge";

/** How an M-Pesa payment, request or payout status reads, and its colour. */
const LABELS: Record<string, { label: string; tone: BadgeTone }> = {
  requested: { label: "Sending prompt", tone: "info" },
  pending: { label: "Waiting for customer", tone: "info" },
  unknown: { label: "Not confirmed", tone: "warning" },
  // A callback said it was paid; KAVI is asking M-Pesa to confirm before using the money.
  confirming: { label: "Received, confirming", tone: "info" },
  paid: { label: "Paid", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  unreconciled: { label: "Needs matching", tone: "warning" },
  awaiting_approval: { label: "Awaiting approval", tone: "warning" },
  rejected: { label: "Rejected", tone: "neutral" },
  approved: { label: "Approved", tone: "info" },
  sending: { label: "Sending", tone: "info" },
  sent: { label: "Sent", tone: "info" },
};

/** A payout's result is confirmed with M-Pesa before it is final (paid or failed). */
const PAYOUT_LABELS: Record<string, { label: string; tone: BadgeTone }> = {
  confirming: { label: "Confirming with M-Pesa", tone: "info" },
  unknown: { label: "Not confirmed: check before paying again", tone: "warning" },
};

export function MpesaStatusBadge({ status, subject }: { status: string; subject?: "payout" }) {
  const entry = (subject === "payout" ? PAYOUT_LABELS[status] : undefined) ??
    LABELS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={entry.tone}>{entry.label}</Badge>;
}

/** 254712345678 → 0712 345 678, as people write Kenyan numbers. */
export function displayPhone(phone: string | null): string {
  if (!phone) return "—";
  const match = /^254(\d{3})(\d{3})(\d{3})$/.exec(phone);
  return match ? `0${match[1]} ${match[2]} ${match[3]}` : phone;
}

export const OPEN_REQUEST_STATUSES = new Set(["requested", "pending", "unknown", "confirming"]);
