import { formatMoney, PAYMENT_METHOD_LABELS } from "@kavi/domain";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";
import { Avatar } from "../../../ui/avatar";
import { Card, CardBody, CardHeader } from "../../../ui/card";
import { ProblemAlert } from "../../../ui/problem";
import { Skeleton } from "../../../ui/skeleton";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";
import type { InvoiceDetail } from "../invoice-ui";

const ACTIVITY_WORDS: Record<string, string> = {
  "invoice.created": "created the draft",
  "invoice.updated": "edited the draft",
  "invoice.duplicated": "created it as a copy",
  "invoice.issued": "issued it",
  "invoice.sent": "emailed it",
  "invoice.resent": "emailed it again",
  "invoice.reminder_sent": "sent a payment reminder",
  "invoice.sms_sent": "sent it by SMS",
  "invoice.whatsapp_shared": "shared it on WhatsApp",
  "invoice.payment_recorded": "recorded a payment",
  "invoice.credit_applied": "applied customer credit",
  "credit_note.issued": "issued a credit note",
  "invoice.overdue": "marked it overdue",
  "invoice.due_date_changed": "changed the due date",
  "invoice.voided": "voided it",
  "invoice.link_regenerated": "made a new customer link",
};

function activityDetail(metadata: Record<string, unknown> | null, currency: string): string | null {
  if (!metadata) return null;
  const amount = typeof metadata.amountMinor === "string" ? BigInt(metadata.amountMinor) : null;
  const parts: string[] = [];
  if (amount !== null) parts.push(formatMoney(amount, currency));
  if (typeof metadata.method === "string" && metadata.method in PAYMENT_METHOD_LABELS) {
    parts.push(PAYMENT_METHOD_LABELS[metadata.method as keyof typeof PAYMENT_METHOD_LABELS]);
  }
  if (typeof metadata.reference === "string") parts.push(metadata.reference);
  if (typeof metadata.to === "string") parts.push(`to ${metadata.to}`);
  if (typeof metadata.creditNoteNumber === "string") parts.unshift(metadata.creditNoteNumber);
  if (typeof metadata.reason === "string") parts.push(`“${metadata.reason}”`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** Who did what to the invoice, newest last. */
export function InvoiceActivityCard({ invoice }: { invoice: InvoiceDetail }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const activity = useQuery(
    trpc.invoices.activity.queryOptions({ businessId: business.id, invoiceId: invoice.id }),
  );
  return (
    <Card>
      <CardHeader title="History" />
      {activity.isPending ? (
        <CardBody>
          <Skeleton className="h-16" />
        </CardBody>
      ) : activity.isError ? (
        <CardBody>
          <ProblemAlert error={activity.error} onRetry={() => void activity.refetch()} />
        </CardBody>
      ) : (
        <ol className="relative px-5 py-4" aria-label="Invoice history">
          {activity.data.map((item, index) => (
            <li key={item.id} className="relative flex gap-3 pb-4 last:pb-0">
              {index < activity.data.length - 1 ? (
                <span className="absolute top-7 bottom-0 left-3.5 w-px bg-ink-200" aria-hidden />
              ) : null}
              <Avatar name={item.actor?.fullName ?? "KAVI"} size="sm" />
              <div className="min-w-0 flex-1 text-sm">
                <p className="text-ink-800">
                  <span className="font-medium text-ink-950">{item.actor?.fullName ?? "KAVI"}</span>{" "}
                  {ACTIVITY_WORDS[item.action] ?? item.action}
                </p>
                {activityDetail(item.metadata, invoice.currency) ? (
                  <p className="text-[13px] text-ink-600">
                    {activityDetail(item.metadata, invoice.currency)}
                  </p>
                ) : null}
                <p className="text-xs text-ink-500">{format.dateTime(item.createdAt)}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
