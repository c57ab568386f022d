import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { FilePlus2, FileText, Repeat, Search, Settings2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { cn } from "../../lib/cn";
import { useTRPC } from "../../lib/trpc";
import { Button, ButtonLink } from "../../ui/button";
import { Card } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Input } from "../../ui/input";
import { LoadMore } from "../../ui/load-more";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import {
  formatCalendarDate,
  InvoiceStatusBadge,
  MANAGE_SETTINGS,
  READ_INVOICES,
  WRITE_INVOICES,
} from "./invoice-ui";

const TABS = ["", "draft", "open", "overdue", "paid", "void"] as const;
type TabValue = (typeof TABS)[number];

function isTab(value: string | null): value is TabValue {
  return TABS.some((tab) => tab === value);
}

function InvoicesContent() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { business, can } = useBusiness();
  const { t } = useTranslation("invoices");
  const format = useBusinessFormat();
  const calendarDate = (date: string) => formatCalendarDate(date, format.locale);
  const [params, setParams] = useSearchParams();
  const status = isTab(params.get("status")) ? (params.get("status") as TabValue) : "";
  const search = params.get("q") ?? "";
  const [draftSearch, setDraftSearch] = useState(search);
  const stats = useQuery(trpc.invoices.stats.queryOptions({ businessId: business.id }));
  const list = useInfiniteQuery(
    trpc.invoices.list.infiniteQueryOptions(
      { businessId: business.id, limit: 25, status: status || null, search: search || null },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const base = businessPath(business.id, "invoices");

  const update = (next: { status?: string; q?: string }) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setParams(merged, { replace: true });
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: draftSearch.trim() });
  };
  const counts = stats.data?.counts;
  const outstanding = stats.data?.outstanding ?? [];

  return (
    <>
      <PageHeader
        title={t("list.title")}
        description={t("list.description")}
        actions={
          <>
            <ButtonLink to={`${base}/recurring`} variant="ghost">
              <Repeat aria-hidden /> {t("list.recurring")}
            </ButtonLink>
            {can(MANAGE_SETTINGS) ? (
              <ButtonLink to={businessPath(business.id, "settings/invoices")} variant="ghost">
                <Settings2 aria-hidden /> {t("list.settings")}
              </ButtonLink>
            ) : null}
            {can(WRITE_INVOICES) ? (
              <ButtonLink to={`${base}/new`}>
                <FilePlus2 aria-hidden /> {t("list.new")}
              </ButtonLink>
            ) : null}
          </>
        }
      />

      {outstanding.length > 0 ? (
        <div className="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {outstanding.map((row) => (
            <Card key={row.currency} className="px-5 py-4">
              <p className="text-[13px] text-ink-500">
                {outstanding.length > 1 ? t("list.owedIn", { currency: row.currency }) : t("list.owed")}
              </p>
              <p className="mt-1 text-xl font-semibold text-ink-950">
                <Money amountMinor={row.outstandingMinor} currency={row.currency} />
              </p>
              {row.overdueMinor > 0n ? (
                <p className="mt-0.5 text-[13px] font-medium text-red-700">
                  {t("list.overdue", { amount: format.money(row.overdueMinor, row.currency) })}
                </p>
              ) : (
                <p className="mt-0.5 text-[13px] text-ink-500">{t("list.nothingOverdue")}</p>
              )}
            </Card>
          ))}
        </div>
      ) : null}

      <nav
        aria-label={t("list.statusNav")}
        className="-mx-4 mb-4 overflow-x-auto border-b border-ink-200 px-4 sm:mx-0 sm:px-0"
      >
        <ul className="flex gap-1">
          {TABS.map((tab) => {
            const count = tab === "" ? null : counts?.[tab];
            const active = tab === status;
            return (
              <li key={tab || "all"}>
                <button
                  type="button"
                  onClick={() => update({ status: tab })}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "-mb-px inline-flex h-10 items-center gap-1.5 border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors",
                    active
                      ? "border-brand-700 text-ink-950"
                      : "border-transparent text-ink-500 hover:border-ink-300 hover:text-ink-800",
                  )}
                >
                  {t(`list.tab.${tab || "all"}`)}
                  {count ? (
                    <span
                      className={cn(
                        "rounded-full px-1.5 text-xs tabular",
                        tab === "overdue" ? "bg-red-50 text-red-700" : "bg-ink-100 text-ink-600",
                      )}
                    >
                      {count}
                    </span>
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>

      <form onSubmit={submitSearch} className="mb-4 flex gap-2">
        <div className="relative flex-1 sm:max-w-sm">
          <Search
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-400"
            aria-hidden
          />
          <Input
            aria-label={t("list.search")}
            placeholder={t("list.searchPlaceholder")}
            value={draftSearch}
            onChange={(event) => setDraftSearch(event.target.value)}
            className="pl-9"
          />
        </div>
        <Button type="submit" variant="secondary">
          {t("list.searchButton")}
        </Button>
      </form>

      <Card>
        {list.isPending ? (
          <div className="p-5">
            <SkeletonList rows={6} label={t("list.loading")} />
          </div>
        ) : list.isError ? (
          <div className="p-5">
            <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={FileText}
            title={search || status ? t("list.noMatchTitle") : t("list.emptyTitle")}
            description={search || status ? t("list.noMatchDescription") : t("list.emptyDescription")}
            action={
              !search && !status && can(WRITE_INVOICES) ? (
                <ButtonLink to={`${base}/new`}>
                  <FilePlus2 aria-hidden /> {t("list.new")}
                </ButtonLink>
              ) : undefined
            }
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>{t("list.invoice")}</TH>
                <TH className="hidden md:table-cell">{t("list.issued")}</TH>
                <TH className="hidden md:table-cell">{t("list.due")}</TH>
                <TH className="hidden sm:table-cell">{t("list.status")}</TH>
                <TH className="hidden text-right sm:table-cell">{t("list.total")}</TH>
                <TH className="text-right">{t("list.balance")}</TH>
              </tr>
            </THead>
            <tbody>
              {items.map((item) => {
                const to = `${base}/${item.id}`;
                return (
                  <TR
                    key={item.id}
                    className="cursor-pointer hover:bg-ink-50/70"
                    onClick={(event) => {
                      if ((event.target as HTMLElement).closest("a")) return;
                      navigate(to);
                    }}
                  >
                    <TD>
                      <Link to={to} className="font-medium text-ink-950 hover:underline">
                        {item.invoiceNumber ?? t("list.draft")}
                      </Link>
                      <p className="max-w-[12rem] truncate text-[13px] text-ink-500 sm:max-w-xs">
                        {item.customer.name}
                      </p>
                      <div className="mt-1 sm:hidden">
                        <InvoiceStatusBadge
                          status={item.status}
                          isOverdue={item.isOverdue}
                          daysOverdue={item.daysOverdue}
                        />
                      </div>
                    </TD>
                    <TD className="hidden text-ink-600 md:table-cell">{calendarDate(item.issueDate)}</TD>
                    <TD
                      className={cn(
                        "hidden md:table-cell",
                        item.isOverdue ? "font-medium text-red-700" : "text-ink-600",
                      )}
                    >
                      {item.status === "draft" || item.status === "void" ? "—" : calendarDate(item.dueDate)}
                    </TD>
                    <TD className="hidden sm:table-cell">
                      <InvoiceStatusBadge
                        status={item.status}
                        isOverdue={item.isOverdue}
                        daysOverdue={item.daysOverdue}
                      />
                    </TD>
                    <TD className="hidden text-right sm:table-cell">
                      <Money amountMinor={item.totalMinor} currency={item.currency} />
                    </TD>
                    <TD className="text-right font-medium">
                      {item.status === "draft" || item.status === "void" ? (
                        <span className="text-ink-400">—</span>
                      ) : (
                        <Money amountMinor={item.balanceDueMinor} currency={item.currency} />
                      )}
                    </TD>
                  </TR>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
      <LoadMore query={list} />
    </>
  );
}

export default function InvoicesPage() {
  return (
    <RequireAccess requirement={READ_INVOICES}>
      <InvoicesContent />
    </RequireAccess>
  );
}
