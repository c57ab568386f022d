import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pause, Play, Repeat, Trash2 } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { formatCalendarDate, READ_INVOICES, useRecurrenceLabel, WRITE_INVOICES } from "./invoice-ui";

function RecurringContent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const { t } = useTranslation("invoices");
  const { locale } = useBusinessFormat();
  const recurrenceLabel = useRecurrenceLabel();
  const list = useQuery(trpc.invoices.recurring.list.queryOptions({ businessId: business.id }));
  const onError = (error: unknown) => toast("error", toProblem(error).message);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
  const update = useMutation(trpc.invoices.recurring.update.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(
    trpc.invoices.recurring.delete.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", t("recurring.deleted"), { description: t("recurring.deletedHelp") });
      },
      onError,
    }),
  );
  const canWrite = can(WRITE_INVOICES);
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to={businessPath(business.id, "invoices")} className="hover:underline">
            {t("detail.invoices")}
          </Link>
        }
        title={t("recurring.title")}
        description={t("recurring.description")}
      />
      <Card>
        {list.isPending ? (
          <div className="p-5">
            <SkeletonList rows={3} label={t("recurring.loading")} />
          </div>
        ) : list.isError ? (
          <div className="p-5">
            <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : list.data.length === 0 ? (
          <EmptyState
            icon={Repeat}
            title={t("recurring.emptyTitle")}
            description={t("recurring.emptyDescription")}
          />
        ) : (
          <ul className="divide-y divide-ink-100">
            {list.data.map(
              ({ schedule, customerName, templateNumber, templateTotalMinor, templateCurrency }) => (
                <li
                  key={schedule.id}
                  className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:justify-between"
                >
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 font-medium text-ink-950">
                      {customerName}
                      <Badge tone={schedule.active ? "success" : "neutral"}>
                        {schedule.active ? t("recurring.active") : t("recurring.paused")}
                      </Badge>
                      {schedule.autoSend ? <Badge tone="info">{t("recurring.autoSend")}</Badge> : null}
                    </p>
                    <p className="text-[13px] text-ink-600">
                      {recurrenceLabel(schedule.frequency)} ·{" "}
                      {templateTotalMinor !== null && templateCurrency ? (
                        <Money amountMinor={templateTotalMinor} currency={templateCurrency} />
                      ) : null}{" "}
                      · {t("recurring.copies")}{" "}
                      <Link
                        className="text-brand-700 hover:underline"
                        to={businessPath(business.id, `invoices/${schedule.templateInvoiceId}`)}
                      >
                        {templateNumber ?? t("recurring.aDraft")}
                      </Link>
                    </p>
                    <p className="text-[13px] text-ink-500">
                      {schedule.active
                        ? t("recurring.nextOn", { date: formatCalendarDate(schedule.nextRunDate, locale) })
                        : t("recurring.notRunning")}
                      {schedule.endDate
                        ? ` · ${t("recurring.endsOn", { date: formatCalendarDate(schedule.endDate, locale) })}`
                        : ""}{" "}
                      · {t("recurring.made", { count: schedule.runCount })}
                    </p>
                  </div>
                  {canWrite ? (
                    <div className="flex gap-2">
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() =>
                          update.mutate({
                            businessId: business.id,
                            recurringInvoiceId: schedule.id,
                            active: !schedule.active,
                          })
                        }
                      >
                        {schedule.active ? <Pause aria-hidden /> : <Play aria-hidden />}
                        {schedule.active ? t("recurring.pause") : t("recurring.resume")}
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={t("recurring.delete")}
                        onClick={() =>
                          remove.mutate({ businessId: business.id, recurringInvoiceId: schedule.id })
                        }
                      >
                        <Trash2 aria-hidden />
                      </Button>
                    </div>
                  ) : null}
                </li>
              ),
            )}
          </ul>
        )}
      </Card>
    </>
  );
}

export default function RecurringInvoicesPage() {
  return (
    <RequireAccess requirement={READ_INVOICES}>
      <RecurringContent />
    </RequireAccess>
  );
}
