import { PAYMENT_METHOD_LABELS, type PaymentMethod } from "@kavi/domain";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { Avatar } from "../../../ui/avatar";
import { Card, CardBody, CardHeader } from "../../../ui/card";
import { ProblemAlert } from "../../../ui/problem";
import { Skeleton } from "../../../ui/skeleton";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";
import type { InvoiceDetail } from "../invoice-ui";

/** What the history can say about each action (invoices:activity.<action>); anything else shows its name. */
const KNOWN_ACTIONS = new Set([
  "invoice.created",
  "invoice.updated",
  "invoice.duplicated",
  "invoice.issued",
  "invoice.sent",
  "invoice.resent",
  "invoice.reminder_sent",
  "invoice.sms_sent",
  "invoice.whatsapp_shared",
  "invoice.payment_recorded",
  "invoice.credit_applied",
  "credit_note.issued",
  "invoice.overdue",
  "invoice.due_date_changed",
  "invoice.voided",
  "invoice.link_regenerated",
]);

function activityDetail(
  metadata: Record<string, unknown> | null,
  currency: string,
  t: TFunction<["invoices", "transactions"]>,
  money: (amountMinor: bigint, currency: string) => string,
): string | null {
  if (!metadata) return null;
  const amount = typeof metadata.amountMinor === "string" ? BigInt(metadata.amountMinor) : null;
  const parts: string[] = [];
  if (amount !== null) parts.push(money(amount, currency));
  if (typeof metadata.method === "string" && metadata.method in PAYMENT_METHOD_LABELS) {
    parts.push(t(`transactions:method.${metadata.method as PaymentMethod}`));
  }
  if (typeof metadata.reference === "string") parts.push(metadata.reference);
  if (typeof metadata.to === "string") parts.push(t("activity.to", { to: metadata.to }));
  if (typeof metadata.creditNoteNumber === "string") parts.unshift(metadata.creditNoteNumber);
  if (typeof metadata.reason === "string") parts.push(`“${metadata.reason}”`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** Who did what to the invoice, newest last. */
export function InvoiceActivityCard({ invoice }: { invoice: InvoiceDetail }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation(["invoices", "transactions"]);
  const activity = useQuery(
    trpc.invoices.activity.queryOptions({ businessId: business.id, invoiceId: invoice.id }),
  );
  return (
    <Card>
      <CardHeader title={t("activity.title")} />
      {activity.isPending ? (
        <CardBody>
          <Skeleton className="h-16" />
        </CardBody>
      ) : activity.isError ? (
        <CardBody>
          <ProblemAlert error={activity.error} onRetry={() => void activity.refetch()} />
        </CardBody>
      ) : (
        <ol className="relative px-5 py-4" aria-label={t("activity.label")}>
          {activity.data.map((item, index) => (
            <li key={item.id} className="relative flex gap-3 pb-4 last:pb-0">
              {index < activity.data.length - 1 ? (
                <span className="absolute top-7 bottom-0 left-3.5 w-px bg-ink-200" aria-hidden />
              ) : null}
              <Avatar name={item.actor?.fullName ?? "KAVI"} size="sm" />
              <div className="min-w-0 flex-1 text-sm">
                <p className="text-ink-800">
                  <span className="font-medium text-ink-950">{item.actor?.fullName ?? "KAVI"}</span>{" "}
                  {KNOWN_ACTIONS.has(item.action)
                    ? t(`activity.${item.action as "invoice.created"}`)
                    : item.action}
                </p>
                {activityDetail(item.metadata, invoice.currency, t, format.money) ? (
                  <p className="text-[13px] text-ink-600">
                    {activityDetail(item.metadata, invoice.currency, t, format.money)}
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
