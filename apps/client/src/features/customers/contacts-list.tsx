import { formatPhone } from "@kavi/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Plus, Search, Store, Truck } from "lucide-react";
import { useState } from "react";
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
  const plural = kind === "customer" ? "Customers" : "Suppliers";
  return (
    <>
      <PageHeader
        title={plural}
        description={
          kind === "customer"
            ? "Who buys from you, what they owe, and their Paybill account numbers."
            : "Who you buy from, and what you spent with each."
        }
        actions={
          canWrite ? (
            <Button onClick={() => setAdding(true)}>
              <Plus aria-hidden /> Add {kind}
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
              aria-label={`Search ${plural.toLowerCase()}`}
              placeholder="Name, phone, email, KRA PIN…"
              className="pl-9"
              value={search}
              onChange={(event) => setParam("q", event.target.value)}
            />
          </div>
          <Checkbox
            label="Show archived"
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
            <SkeletonList rows={6} label={`Loading ${plural.toLowerCase()}`} />
          </div>
        ) : rows.length === 0 ? (
          <EmptyState
            icon={kind === "customer" ? Store : Truck}
            title={search ? `No ${plural.toLowerCase()} match "${search}"` : `No ${plural.toLowerCase()} yet`}
            description={
              kind === "customer"
                ? "Hotels, restaurants, schools, traders: anyone you invoice or sell to."
                : "Farms, transporters, landlords: anyone you pay."
            }
            action={
              canWrite && !search ? <Button onClick={() => setAdding(true)}>Add a {kind}</Button> : undefined
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
                      {row.archived ? <Badge>Archived</Badge> : null}
                    </span>
                    <span className="block truncate text-[12px] text-ink-500">
                      {[row.tag, row.phone ? formatPhone(row.phone) : null, row.email]
                        .filter(Boolean)
                        .join(" · ") || "No contact details"}
                    </span>
                  </span>
                  <span className="shrink-0 text-right">
                    <Money
                      amountMinor={row.amountMinor}
                      currency={business.baseCurrency}
                      compact
                      className="block text-sm font-medium"
                    />
                    <span className="block text-[11px] text-ink-500">
                      {kind === "customer" ? "owed" : "last 12 months"}
                    </span>
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
