import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { Card, CardHeader } from "../../../ui/card";
import { Money } from "../../../ui/money";
import { displayPhone, MpesaStatusBadge, OPEN_REQUEST_STATUSES } from "../../mpesa/mpesa-status";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";

/**
 * M-Pesa prompts for this invoice that have not ended yet, "Received, confirming" among them: money a callback
 * announced that KAVI is still confirming with M-Pesa before it counts. Nothing when there are none.
 */
export function InvoiceMpesaCard({ invoiceId }: { invoiceId: string }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("invoices");
  const requests = useQuery({
    ...trpc.mpesa.requests.forInvoice.queryOptions({ businessId: business.id, invoiceId }),
    refetchInterval: (query) =>
      query.state.data?.some((row) => OPEN_REQUEST_STATUSES.has(row.status)) ? 3_000 : 15_000,
  });
  const open = (requests.data ?? []).filter((row) => OPEN_REQUEST_STATUSES.has(row.status));
  if (open.length === 0) return null;
  return (
    <Card>
      <CardHeader title={t("mpesaCard.title")} />
      <ul className="divide-y divide-ink-100">
        {open.map((row) => (
          <li key={row.id} className="flex items-center justify-between gap-4 px-5 py-3 text-sm">
            <div className="min-w-0">
              <MpesaStatusBadge status={row.status} />
              <p className="mt-1 text-[13px] text-ink-500">
                {displayPhone(row.phone)} · {format.dateTime(row.createdAt)}
              </p>
            </div>
            <Money amountMinor={row.amountMinor} currency={row.currency} className="font-medium" />
          </li>
        ))}
      </ul>
    </Card>
  );
}
