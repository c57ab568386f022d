import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ArrowRight, History } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocale } from "../../i18n/use-locale";
import { addDays, formatDateTime, startOfDayInZone } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Avatar } from "../../ui/avatar";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { LoadMore } from "../../ui/load-more";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { useActivityWords } from "./describe-activity";

interface Filters {
  actorUserId: string;
  entityType: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { actorUserId: "", entityType: "", from: "", to: "" };

function ActivityContent() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const timeZone = business.timezone;
  const { t } = useTranslation("activity");
  const { locale } = useLocale();
  const { describeAction, entityLabel, fieldLabel, formatValue } = useActivityWords();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const members = useQuery(trpc.team.members.queryOptions({ businessId: business.id }));
  const entityTypes = useQuery(trpc.activity.entityTypes.queryOptions({ businessId: business.id }));
  const list = useInfiniteQuery(
    trpc.activity.list.infiniteQueryOptions(
      {
        businessId: business.id,
        limit: 25,
        actorUserId: filters.actorUserId || null,
        entityType: filters.entityType || null,
        // Days as the business sees them: "to" includes the whole chosen day.
        from: filters.from ? startOfDayInZone(filters.from, timeZone) : null,
        to: filters.to ? startOfDayInZone(addDays(filters.to, 1), timeZone) : null,
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const set = (key: keyof Filters) => (event: { target: { value: string } }) =>
    setFilters((current) => ({ ...current, [key]: event.target.value }));

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SettingsTabs />
      <Card className="mb-6">
        <div className="grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end">
          <Field label={t("filters.member")}>
            <Select
              value={filters.actorUserId}
              onChange={set("actorUserId")}
              placeholder={t("filters.everyone")}
              options={(members.data ?? []).map((member) => ({
                value: member.userId,
                label: member.fullName,
              }))}
            />
          </Field>
          <Field label={t("filters.what")}>
            <Select
              value={filters.entityType}
              onChange={set("entityType")}
              placeholder={t("filters.everything")}
              options={(entityTypes.data ?? []).map((type) => ({ value: type, label: entityLabel(type) }))}
            />
          </Field>
          <Field label={t("filters.from")}>
            <Input type="date" value={filters.from} max={filters.to || undefined} onChange={set("from")} />
          </Field>
          <Field label={t("filters.to")}>
            <Input type="date" value={filters.to} min={filters.from || undefined} onChange={set("to")} />
          </Field>
          <Button variant="ghost" disabled={!filtered} onClick={() => setFilters(NO_FILTERS)}>
            {t("filters.clear")}
          </Button>
        </div>
      </Card>
      <Card>
        {list.isPending ? (
          <div className="p-5">
            <SkeletonList rows={6} label={t("loading")} />
          </div>
        ) : list.isError ? (
          <div className="p-5">
            <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={History}
            title={filtered ? t("noMatchTitle") : t("emptyTitle")}
            description={filtered ? t("noMatchDescription") : t("emptyDescription")}
          />
        ) : (
          <ol className="divide-y divide-ink-100" aria-label={t("title")}>
            {items.map((item) => {
              const changes = Object.entries(item.changes ?? {});
              return (
                <li key={item.id} className="flex gap-3 px-5 py-4">
                  <Avatar name={item.actor?.fullName ?? "KAVI"} size="sm" className="mt-0.5" />
                  <div className="min-w-0 flex-1">
                    <p className="text-sm text-ink-800">
                      <span className="font-medium text-ink-950">{item.actor?.fullName ?? "KAVI"}</span>{" "}
                      {describeAction(item.action)}
                      {item.apiKey ? (
                        <span className="text-ink-600"> · {t("withApiKey", { name: item.apiKey.name })}</span>
                      ) : null}
                      {typeof item.metadata?.email === "string" ? (
                        <span className="text-ink-600"> · {item.metadata.email}</span>
                      ) : null}
                    </p>
                    {changes.length > 0 ? (
                      <dl className="mt-2 flex flex-col gap-1 rounded-md bg-ink-50 px-3 py-2 text-[13px]">
                        {changes.map(([field, change]) => (
                          <div key={field} className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                            <dt className="font-medium text-ink-700">{fieldLabel(field)}</dt>
                            <dd className="flex flex-wrap items-center gap-1.5 text-ink-600">
                              <span className="text-ink-500 line-through decoration-ink-300">
                                {formatValue(field, change.before)}
                              </span>
                              <ArrowRight className="size-3 text-ink-400" aria-label={t("changedTo")} />
                              <span className="text-ink-900">{formatValue(field, change.after)}</span>
                            </dd>
                          </div>
                        ))}
                      </dl>
                    ) : null}
                    <p className="mt-1.5 text-xs text-ink-500">
                      <time dateTime={item.createdAt.toISOString()}>
                        {formatDateTime(item.createdAt, timeZone, locale)}
                      </time>
                      {item.ip ? <span> · {item.ip}</span> : null}
                      {item.requestId ? (
                        <span className="hidden font-mono sm:inline">
                          {" "}
                          · {t("reference", { id: item.requestId.slice(0, 8) })}
                        </span>
                      ) : null}
                    </p>
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </Card>
      <LoadMore query={list} />
    </>
  );
}

export default function ActivityPage() {
  return (
    <RequireAccess requirement="activity.read">
      <ActivityContent />
    </RequireAccess>
  );
}
