import { useMutation, useQuery } from "@tanstack/react-query";
import type { LucideIcon } from "lucide-react";
import { Building2, ExternalLink, UserPlus, Users } from "lucide-react";
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
  return (
    <Card className="p-5">
      <div className="flex items-center gap-2 text-[13px] text-ink-500">
        <Icon className="size-4" aria-hidden /> {label}
      </div>
      {value === undefined ? (
        <Skeleton className="mt-2 h-8 w-20" />
      ) : (
        <p className="mt-1 text-3xl font-semibold tracking-tight text-ink-950 tabular">
          {value.toLocaleString("en-KE")}
        </p>
      )}
    </Card>
  );
}

export default function AdminPage() {
  const trpc = useTRPC();
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
        toast("error", problem.message, { requestId: problem.requestId });
      },
    });
  };

  if (overview.isError && toProblem(overview.error).kind === "not-found") return <NotFoundPage />;
  const data = overview.data;
  return (
    <>
      <PageHeader
        eyebrow="Platform"
        title="Platform admin"
        description="Sign-ups and background jobs across KAVI."
        actions={
          <Button variant="secondary" onClick={open} loading={openDashboard.isPending}>
            <ExternalLink aria-hidden /> Open queue dashboard
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
          Exchange rates are stale:{" "}
          {data.exchangeRates.newestRateDate
            ? `the newest is from ${data.exchangeRates.newestRateDate}, ${data.exchangeRates.missingWeekdays} weekday publications missing.`
            : "none has ever been fetched."}{" "}
          Check the worker's "exchange rates" log lines and FX_BASE_URL.
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat icon={Users} label="People" value={data?.users} />
        <Stat icon={Building2} label="Businesses" value={data?.businesses} />
        <Stat icon={UserPlus} label="New this week" value={data?.usersThisWeek} />
      </div>
      <div className="mt-6 grid items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Queues" description="Jobs waiting, running and failed." />
          {data ? (
            <Table aria-label="Queues">
              <THead>
                <tr>
                  <TH>Queue</TH>
                  <TH className="text-right">Waiting</TH>
                  <TH className="text-right">Active</TH>
                  <TH className="text-right">Failed</TH>
                </tr>
              </THead>
              <tbody>
                {data.queues.length === 0 ? (
                  <TR>
                    <TD colSpan={4} className="text-center text-ink-500">
                      Queue depths are unavailable (is Redis up?).
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
                            {Math.round(queue.oldestWaitingAgeSeconds / 60)} min
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
          <CardHeader title="Newest accounts" />
          {data ? (
            <ul className="divide-y divide-ink-100">
              {data.recentUsers.map((user) => (
                <li key={user.id} className="flex items-center justify-between gap-3 px-5 py-3 text-sm">
                  <span className="min-w-0">
                    <span className="block truncate font-medium text-ink-900">{user.fullName}</span>
                    <span className="block truncate text-[13px] text-ink-500">{user.email}</span>
                  </span>
                  <span className="shrink-0 text-[13px] text-ink-500">{formatDateTime(user.createdAt)}</span>
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
