import { formatPhone } from "@kavi/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Plus, Search, Store, Truck } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Checkbox, Input } from "../../ui/input";
import { LoadMore } from "../../ui/load-more";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { useBusiness } from "../shell/business-context";
import { ContactDialog, type ContactKind } from "./contact-form";

/** Customers or suppliers: search (name, phone, email, KRA PIN, account), archived on demand, load more. */
export function ContactsList({ kind }: { kind: ContactKind }) {
  const trpc = useTRPC();
  const { business, can } = useBusiness();
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const includeArchived = params.get("archived") === "1";
  const [adding, setAdding] = useState(false);
  const input = { businessId: business.id, search: search || null, includeArchived, limit: 30 };
  const customers = useInfiniteQuery({
    ...trpc.customers.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
    enabled: kind === "customer",
  });
  const suppliers = useInfiniteQuery({
    ...trpc.suppliers.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
    enabled: kind === "supplier",
  });
  const list = kind === "customer" ? customers : suppliers;
  const rows =
    kind === "customer"
      ? (customers.data?.pages.flatMap((page) => page.items) ?? []).map((item) => ({
          id: item.id,
          name: item.name,
          phone: item.phone,
          email: item.email,
          tag: item.accountNumber,
          archived: Boolean(item.archivedAt),
          amountMinor: item.outstandingMinor,
        }))
      : (suppliers.data?.pages.flatMap((page) => page.items) ?? []).map((item) => ({
          id: item.id,
          name: item.name,
          phone: item.phone,
          email: item.email,
          tag: item.city,
          archived: Boolean(item.archivedAt),
          amountMinor: item.spentLast12MonthsMinor,
        }));
  const canWrite = can(kind === "customer" ? "customers.write" : "suppliers.write");
  const setParam = (key: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const { t } = useTranslation("customers");
  return (
    <>
      <PageHeader
        title={t(`list.title.${kind}`)}
        description={t(`list.description.${kind}`)}
        actions={
          canWrite ? (
            <Button onClick={() => setAdding(true)}>
              <Plus aria-hidden /> {t(`list.add.${kind}`)}
            </Button>
          ) : null
        }
      />
      <Card className="mb-4">
        <div className="flex flex-wrap items-center gap-3 p-3">
          <div className="relative min-w-48 flex-1">
            <Search
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-400"
              aria-hidden
            />
            <Input
              aria-label={t(`list.search.${kind}`)}
              placeholder={t("list.searchPlaceholder")}
              className="pl-9"
              value={search}
              onChange={(event) => setParam("q", event.target.value)}
            />
          </div>
          <Checkbox
            label={t("list.showArchived")}
            checked={includeArchived}
            onChange={(event) => setParam("archived", event.target.checked ? "1" : "")}
          />
        </div>
      </Card>
      <Card>
        {list.error ? (
          <ProblemAlert error={list.error} onRetry={() => list.refetch()} className="m-4" />
        ) : list.isPending ? (
          <div className="p-5">
            <SkeletonList rows={6} label={t(`list.loading.${kind}`)} />
          </div>
        ) : rows.length === 0 ? (
          <EmptyState
            icon={kind === "customer" ? Store : Truck}
            title={search ? t(`list.noMatch.${kind}`, { search }) : t(`list.empty.${kind}`)}
            description={t(`list.emptyHint.${kind}`)}
            action={
              canWrite && !search ? (
                <Button onClick={() => setAdding(true)}>{t(`list.addFirst.${kind}`)}</Button>
              ) : undefined
            }
          />
        ) : (
          <ul className="divide-y divide-ink-100">
            {rows.map((row) => (
              <li key={row.id}>
                <Link
                  to={businessPath(
                    business.id,
                    `${kind === "customer" ? "customers" : "suppliers"}/${row.id}`,
                  )}
                  className="flex items-center gap-3 px-5 py-3 hover:bg-ink-50"
                >
                  <span className="grid size-9 shrink-0 place-items-center rounded-full bg-brand-50 text-sm font-semibold text-brand-800">
                    {row.name.slice(0, 1).toUpperCase()}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="flex items-center gap-2">
                      <span className="truncate text-sm font-medium text-ink-900">{row.name}</span>
                      {row.archived ? <Badge>{t("list.archived")}</Badge> : null}
                    </span>
                    <span className="block truncate text-[12px] text-ink-500">
                      {[row.tag, row.phone ? formatPhone(row.phone) : null, row.email]
                        .filter(Boolean)
                        .join(" · ") || t("list.noContact")}
                    </span>
                  </span>
                  <span className="shrink-0 text-right">
                    <Money
                      amountMinor={row.amountMinor}
                      currency={business.baseCurrency}
                      compact
                      className="block text-sm font-medium"
                    />
                    <span className="block text-[11px] text-ink-500">{t(`list.amountNote.${kind}`)}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <LoadMore query={list} placement="footer" />
      </Card>
      <ContactDialog kind={kind} open={adding} onOpenChange={setAdding} />
    </>
  );
}
