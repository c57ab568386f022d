import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "../../ui/badge";

/** How an M-Pesa payment, request or payout status reads (mpesa:status.<status>), and its colour. */
const TONES = {
  requested: "info",
  pending: "info",
  unknown: "warning",
  // A callback said it was paid; KAVI is asking M-Pesa to confirm before using the money.
  confirming: "info",
  paid: "success",
  failed: "danger",
  cancelled: "neutral",
  unreconciled: "warning",
  awaiting_approval: "warning",
  rejected: "neutral",
  approved: "info",
  sending: "info",
  sent: "info",
} as const satisfies Record<string, BadgeTone>;
type KnownStatus = keyof typeof TONES;

/** A payout's result is confirmed with M-Pesa before it is final (paid or failed): mpesa:payoutStatus.<status>. */
const PAYOUT_STATUSES = new Set(["confirming", "unknown"]);

export function MpesaStatusBadge({ status, subject }: { status: string; subject?: "payout" }) {
  const { t } = useTranslation("mpesa");
  if (!(status in TONES)) return <Badge tone="neutral">{status}</Badge>;
  const known = status as KnownStatus;
  const label =
    subject === "payout" && PAYOUT_STATUSES.has(known)
      ? t(`payoutStatus.${known as "confirming" | "unknown"}`)
      : t(`status.${known}`);
  return <Badge tone={TONES[known]}>{label}</Badge>;
}

/** 254712345678 → 0712 345 678, as people write Kenyan numbers. */
export function displayPhone(phone: string | null): string {
  if (!phone) return "—";
  const match = /^254(\d{3})(\d{3})(\d{3})$/.exec(phone);
  return match ? `0${match[1]} ${match[2]} ${match[3]}` : phone;
}

export const OPEN_REQUEST_STATUSES = new Set(["requested", "pending", "unknown", "confirming"]);
