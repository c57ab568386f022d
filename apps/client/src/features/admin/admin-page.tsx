import { useMutation, useQuery } from "@tanstack/react-query";
import type { LucideIcon } from "lucide-react";
import { Building2, ExternalLink, UserPlus, Users } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useLocale, useProblemMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import NotFoundPage from "../errors/not-found-page";

function Stat({ icon: Icon, label, value }: { icon: LucideIcon; label: string; value: number | undefined }) {
  const { locale } = useLocale();
  return (
    <Card className="p-5">
      <div className="flex items-center gap-2 text-[13px] text-ink-500">
        <Icon className="size-4" aria-hidden /> {label}
      </div>
      {value === undefined ? (
        <Skeleton className="mt-2 h-8 w-20" />
      ) : (
        <p className="mt-1 text-3xl font-semibold tracking-tight text-ink-950 tabular">
          {value.toLocaleString(locale)}
        </p>
      )}
    </Card>
  );
}

export default function AdminPage() {
  const trpc = useTRPC();
  const { t } = useTranslation("admin");
  const { locale } = useLocale();
  const problemMessage = useProblemMessage();
  const overview = useQuery({ ...trpc.admin.overview.queryOptions(), refetchInterval: 30_000 });
  const openDashboard = useMutation(trpc.admin.openQueueDashboard.mutationOptions());

  const open = () => {
    // Open the tab inside the click (popup blockers), then point it at the dashboard once the cookie is set.
    const tab = window.open("about:blank", "_blank");
    openDashboard.mutate(undefined, {
      onSuccess: ({ url }) => {
        if (tab) {
          tab.opener = null;
          tab.location.href = url;
        } else {
          window.location.assign(url);
        }
      },
      onError: (error) => {
        tab?.close();
        const problem = toProblem(error);
        toast("error", problemMessage(problem), { requestId: problem.requestId });
      },
    });
  };

  if (overview.isError && toProblem(overview.error).kind === "not-found") return <NotFoundPage />;
  const data = overview.data;
  return (
    <>
      <PageHeader
        eyebrow={t("eyebrow")}
        title={t("title")}
        description={t("description")}
        actions={
          <Button variant="secondary" onClick={open} loading={openDashboard.isPending}>
            <ExternalLink aria-hidden /> {t("openQueues")}
          </Button>
        }
      />
      {overview.isError ? (
        <ProblemAlert error={overview.error} onRetry={() => void overview.refetch()} className="mb-6" />
      ) : null}
      {data?.exchangeRates.alarm ? (
        <div
          role="alert"
          className="mb-6 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          {data.exchangeRates.newestRateDate
            ? t("rates.stale", {
                date: data.exchangeRates.newestRateDate,
                count: data.exchangeRates.missingWeekdays,
              })
            : t("rates.never")}{" "}
          {t("rates.check")}
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat icon={Users} label={t("stats.people")} value={data?.users} />
        <Stat icon={Building2} label={t("stats.businesses")} value={data?.businesses} />
        <Stat icon={UserPlus} label={t("stats.newThisWeek")} value={data?.usersThisWeek} />
      </div>
      <div className="mt-6 grid items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("queues.title")} description={t("queues.description")} />
          {data ? (
            <Table aria-label={t("queues.title")}>
              <THead>
                <tr>
                  <TH>{t("queues.queue")}</TH>
                  <TH className="text-right">{t("queues.waiting")}</TH>
                  <TH className="text-right">{t("queues.active")}</TH>
                  <TH className="text-right">{t("queues.failed")}</TH>
                </tr>
              </THead>
              <tbody>
                {data.queues.length === 0 ? (
                  <TR>
                    <TD colSpan={4} className="text-center text-ink-500">
                      {t("queues.unavailable")}
                    </TD>
                  </TR>
                ) : (
                  data.queues.map((queue) => (
                    <TR key={queue.queue}>
                      <TD className="font-medium">{queue.queue}</TD>
                      <TD className="text-right tabular">
                        {queue.waiting}
                        {queue.oldestWaitingAgeSeconds > 60 ? (
                          <Badge tone="warning" className="ml-2">
                            {t("queues.minutes", { count: Math.round(queue.oldestWaitingAgeSeconds / 60) })}
                          </Badge>
                        ) : null}
                      </TD>
                      <TD className="text-right tabular">{queue.active}</TD>
                      <TD className="text-right tabular">
                        {queue.failed > 0 ? <Badge tone="danger">{queue.failed}</Badge> : 0}
                      </TD>
                    </TR>
                  ))
                )}
              </tbody>
            </Table>
          ) : (
            <div className="p-5">
              <Skeleton className="h-24" />
            </div>
          )}
        </Card>
        <Card>
          <CardHeader title={t("newest")} />
          {data ? (
            <ul className="divide-y divide-ink-100">
              {data.recentUsers.map((user) => (
                <li key={user.id} className="flex items-center justify-between gap-3 px-5 py-3 text-sm">
                  <span className="min-w-0">
                    <span className="block truncate font-medium text-ink-900">{user.fullName}</span>
                    <span className="block truncate text-[13px] text-ink-500">{user.email}</span>
                  </span>
                  <span className="shrink-0 text-[13px] text-ink-500">
                    {formatDateTime(user.createdAt, undefined, locale)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <div className="p-5">
              <Skeleton className="h-24" />
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
