import {
  PAYMENT_METHODS,
  TRANSACTION_SORTS,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
  type TransactionSort,
  ZIdSchema,
} from "@kavi/domain";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Camera, Download, FileUp, Filter, Plus, Search, Tags, Trash2, Wallet, X } from "lucide-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useLocale, useTranslateMessage } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { toProblem } from "../../lib/errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { LoadMore } from "../../ui/load-more";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useCategoryName } from "../categories/category-name";
import { useCaptures } from "../offline/captures-provider";
import { queuedAmount, queuedTitle, StateBadge } from "../offline/sync-queue";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { ImportWizard } from "./import-wizard";
import { type TransactionItem, useCategories } from "./ledger";
import { ReceiptCaptureDialog } from "./receipt-capture";
import { AutoCategoryMark, ReviewQueue } from "./review-queue";
import { TransactionDialog } from "./transaction-form";
import { signedAmount, TypeIcon } from "./transaction-row";

const FILTER_KEYS = [
  "type",
  "status",
  "method",
  "category",
  "from",
  "to",
  "q",
  "min",
  "max",
  "sort",
  "customer",
  "supplier",
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** Filters live in the URL, so a filtered list can be bookmarked, shared and survives a reload. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: FilterKey) => params.get(key) ?? "";
  const set = (key: FilterKey, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const clear = () => setParams({}, { replace: true });
  const active = FILTER_KEYS.filter((key) => key !== "sort" && params.get(key)).length;
  return { get, set, clear, active };
}

function toInput(filters: ReturnType<typeof useFilters>) {
  const pick = <T extends string>(value: string, allowed: readonly T[]) =>
    allowed.includes(value as T) ? (value as T) : undefined;
  const category = filters.get("category");
  const date = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null);
  const uuid = (value: string) => (ZIdSchema.safeParse(value).success ? value : null);
  const amount = (value: string) => (/^\d[\d,]*(\.\d{1,2})?$/.test(value) ? value : null);
  return {
    types: pick(filters.get("type"), TRANSACTION_TYPES),
    statuses: pick(filters.get("status"), TRANSACTION_STATUSES),
    paymentMethods: pick(filters.get("method"), PAYMENT_METHODS),
    ...(category === "none" ? { uncategorised: true } : category ? { categoryIds: [category] } : {}),
    from: date(filters.get("from")),
    to: date(filters.get("to")),
    search: filters.get("q") || null,
    minAmount: amount(filters.get("min")),
    maxAmount: amount(filters.get("max")),
    // Set by links (a customer's or supplier's page, an assistant answer's card).
    customerId: uuid(filters.get("customer")),
    supplierId: uuid(filters.get("supplier")),
    sort: pick(filters.get("sort"), TRANSACTION_SORTS) ?? ("date_desc" as TransactionSort),
  };
}

function Filters({ filters }: { filters: ReturnType<typeof useFilters> }) {
  const categories = useCategories();
  const { t } = useTranslation("transactions");
  const categoryName = useCategoryName();
  const [open, setOpen] = useState(false);
  const text = (key: FilterKey) => ({
    value: filters.get(key),
    onChange: (event: { target: { value: string } }) => filters.set(key, event.target.value),
  });
  return (
    <Card className="mb-4">
      <div className="flex flex-wrap items-center gap-2 p-3">
        <div className="relative min-w-48 flex-1">
          <Search
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-400"
            aria-hidden
          />
          <Input
            aria-label={t("filters.search")}
            placeholder={t("filters.search")}
            className="pl-9"
            {...text("q")}
          />
        </div>
        <div className="w-36">
          <Select
            aria-label={t("filters.type")}
            placeholder={t("filters.allTypes")}
            options={TRANSACTION_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
            {...text("type")}
          />
        </div>
        <Button variant="secondary" onClick={() => setOpen((value) => !value)} aria-expanded={open}>
          <Filter aria-hidden /> {t("filters.more")}{" "}
          {filters.active > 0 ? <Badge tone="brand">{filters.active}</Badge> : null}
        </Button>
        {filters.active > 0 ? (
          <Button variant="ghost" onClick={filters.clear}>
            <X aria-hidden /> {t("filters.clear")}
          </Button>
        ) : null}
      </div>
      {open ? (
        <div className="grid gap-3 border-t border-ink-100 p-3 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("filters.from")}>
            <Input type="date" {...text("from")} />
          </Field>
          <Field label={t("filters.to")}>
            <Input type="date" {...text("to")} />
          </Field>
          <Field label={t("filters.category")}>
            <Select
              placeholder={t("filters.allCategories")}
              options={[
                { value: "none", label: t("uncategorised") },
                ...(categories.data ?? []).map((category) => ({
                  value: category.id,
                  label: t("categoryOption", {
                    name: categoryName(category),
                    kind: t(`kind.${category.kind}`),
                  }),
                })),
              ]}
              {...text("category")}
            />
          </Field>
          <Field label={t("filters.method")}>
            <Select
              placeholder={t("filters.anyMethod")}
              options={PAYMENT_METHODS.map((method) => ({
                value: method,
                label: t(`method.${method}`),
              }))}
              {...text("method")}
            />
          </Field>
          <Field label={t("filters.status")}>
            <Select
              placeholder={t("filters.anyStatus")}
              options={TRANSACTION_STATUSES.map((status) => ({
                value: status,
                label: t(`status.${status}`),
              }))}
              {...text("status")}
            />
          </Field>
          <Field label={t("filters.amountFrom")}>
            <Input inputMode="decimal" placeholder="0" {...text("min")} />
          </Field>
          <Field label={t("filters.amountTo")}>
            <Input inputMode="decimal" placeholder={t("filters.any")} {...text("max")} />
          </Field>
          <Field label={t("filters.sortBy")}>
            <Select
              options={TRANSACTION_SORTS.map((sort) => ({ value: sort, label: t(`filters.sort.${sort}`) }))}
              value={filters.get("sort") || "date_desc"}
              onChange={(event) =>
                filters.set("sort", event.target.value === "date_desc" ? "" : event.target.value)
              }
            />
          </Field>
        </div>
      ) : null}
    </Card>
  );
}

/** All transactions, or the Review queue of those without a category (its count on the tab). */
function ViewSwitch({ review, onChange }: { review: boolean; onChange: (view: "all" | "review") => void }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const queue = useQuery(trpc.categorisation.review.list.queryOptions({ businessId: business.id, limit: 1 }));
  const total = queue.data?.total ?? null;
  const { t } = useTranslation("transactions");
  const tab = (active: boolean) =>
    cn(
      "-mb-px inline-flex h-10 items-center gap-2 border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors",
      active ? "border-brand-700 text-ink-950" : "border-transparent text-ink-500 hover:text-ink-800",
    );
  return (
    <div className="mb-4 flex gap-1 border-b border-ink-200" role="tablist" aria-label={t("page.views")}>
      <button
        type="button"
        role="tab"
        aria-selected={!review}
        className={tab(!review)}
        onClick={() => onChange("all")}
      >
        {t("page.all")}
      </button>
      <button
        type="button"
        role="tab"
        aria-selected={review}
        className={tab(review)}
        onClick={() => onChange("review")}
      >
        {t("page.review")}
        {total ? <Badge tone="warning">{total}</Badge> : null}
      </button>
    </div>
  );
}

function BulkCategoriseDialog({ ids, onClose }: { ids: string[]; onClose: (done: boolean) => void }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const categories = useCategories();
  const [categoryId, setCategoryId] = useState("");
  const { t } = useTranslation("transactions");
  const categoryName = useCategoryName();
  const mutation = useMutation(trpc.transactions.bulkCategorise.mutationOptions());
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? null : onClose(false))}
      title={t("bulk.title", { count: ids.length })}
      footer={
        <>
          <Button variant="secondary" onClick={() => onClose(false)}>
            {t("bulk.cancel")}
          </Button>
          <Button
            loading={mutation.isPending}
            onClick={async () => {
              const result = await mutation.mutateAsync({
                businessId: business.id,
                transactionIds: ids,
                categoryId: categoryId || null,
              });
              toast("success", t("bulk.done", { count: result.updated }));
              onClose(true);
            }}
          >
            {t("bulk.apply")}
          </Button>
        </>
      }
    >
      <Field label={t("bulk.category")}>
        <Select
          value={categoryId}
          onChange={(event) => setCategoryId(event.target.value)}
          placeholder={t("bulk.noCategory")}
          options={(categories.data ?? []).map((category) => ({
            value: category.id,
            label: t("categoryOption", { name: categoryName(category), kind: t(`kind.${category.kind}`) }),
          }))}
        />
      </Field>
      {mutation.error ? <ProblemAlert error={mutation.error} className="mt-4" /> : null}
    </Dialog>
  );
}

function TransactionsContent() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { language } = useLocale();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("transactions");
  const categoryName = useCategoryName();
  const filters = useFilters();
  const [params, setParams] = useSearchParams();
  const review = params.get("view") === "review";
  const setView = (next: "all" | "review") =>
    setParams(next === "review" ? { view: "review" } : {}, { replace: false });
  const input = useMemo(
    () => ({ businessId: business.id, limit: 50, ...toInput(filters) }),
    [business.id, filters],
  );
  const list = useInfiniteQuery(
    trpc.transactions.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      enabled: !review,
    }),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  // Entries recorded on this device that have not reached KAVI yet: shown first, marked.
  const captures = useCaptures();
  const translateMessage = useTranslateMessage();
  const queued = captures.entries.filter((entry) => entry.businessId === business.id && !entry.transactionId);
  const queuedId = params.get("queued");
  const editingQueued = queued.find((entry) => entry.id === queuedId && entry.state === "conflict") ?? null;
  const closeQueued = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete("queued");
        return next;
      },
      { replace: true },
    );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<TransactionItem | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [categorising, setCategorising] = useState(false);
  const [exporting, setExporting] = useState(false);
  const bulkDelete = useMutation(trpc.transactions.bulkDelete.mutationOptions());
  const canWrite = can("transactions.write");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() });
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const exportCsv = async () => {
    setExporting(true);
    try {
      const parts: string[] = [];
      let cursor: string | null = null;
      let fileName = "transactions.csv";
      do {
        const { limit: _limit, ...query } = input;
        const page: Awaited<ReturnType<typeof client.transactions.exportCsv.query>> =
          await client.transactions.exportCsv.query({ ...query, cursor, language });
        parts.push(page.csv);
        cursor = page.nextCursor;
        fileName = page.fileName;
      } while (cursor);
      const url = URL.createObjectURL(
        new Blob([`\ufeff${parts.join("")}`], { type: "text/csv;charset=utf-8" }),
      );
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toast("error", t("page.exportFailed"), { description: toProblem(error).message });
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t("page.title")}
        description={t("page.description")}
        actions={
          <>
            <Button variant="secondary" onClick={exportCsv} loading={exporting}>
              <Download aria-hidden /> {t("page.export")}
            </Button>
            {canWrite ? (
              <>
                <Button variant="secondary" onClick={() => setImportOpen(true)}>
                  <FileUp aria-hidden /> {t("page.import")}
                </Button>
                <Button variant="secondary" onClick={() => setScanning(true)}>
                  <Camera aria-hidden /> {t("page.scanReceipt")}
                </Button>
                <Button
                  onClick={() => {
                    setEditing(null);
                    setFormOpen(true);
                  }}
                >
                  <Plus aria-hidden /> {t("page.add")}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <ViewSwitch review={review} onChange={setView} />
      {review ? <ReviewQueue /> : <Filters filters={filters} />}
      {review ? null : selected.size > 0 && canWrite ? (
        <div className="sticky top-2 z-10 mb-3 flex flex-wrap items-center gap-2 rounded-lg bg-ink-900 px-4 py-2.5 text-sm text-white shadow-pop">
          <span className="font-medium">{t("page.selected", { count: selected.size })}</span>
          <span className="flex-1" />
          <Button size="sm" variant="secondary" onClick={() => setCategorising(true)}>
            <Tags aria-hidden /> {t("page.categorise")}
          </Button>
          <Button
            size="sm"
            variant="danger"
            loading={bulkDelete.isPending}
            onClick={async () => {
              if (!window.confirm(t("page.confirmDelete", { count: selected.size }))) return;
              try {
                const result = await bulkDelete.mutateAsync({
                  businessId: business.id,
                  transactionIds: [...selected],
                });
                toast("success", t("page.deleted", { count: result.deleted }));
                setSelected(new Set());
                await refresh();
              } catch (error) {
                toast("error", t("page.nothingDeleted"), { description: toProblem(error).message });
              }
            }}
          >
            <Trash2 aria-hidden /> {t("page.delete")}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            className="text-white hover:bg-white/10 hover:text-white"
            onClick={() => setSelected(new Set())}
          >
            {t("page.clear")}
          </Button>
        </div>
      ) : null}
      <Card className={review ? "hidden" : undefined}>
        {list.error ? (
          <ProblemAlert error={list.error} onRetry={() => list.refetch()} className="m-4" />
        ) : list.isPending ? (
          <div className="p-5">
            <SkeletonList rows={8} label={t("page.loading")} />
          </div>
        ) : items.length === 0 && queued.length === 0 ? (
          <EmptyState
            icon={Wallet}
            title={filters.active > 0 ? t("page.noMatchTitle") : t("page.emptyTitle")}
            description={filters.active > 0 ? t("page.noMatchDescription") : t("page.emptyDescription")}
            action={
              filters.active > 0 ? (
                <Button variant="secondary" onClick={filters.clear}>
                  {t("page.clearFilters")}
                </Button>
              ) : canWrite ? (
                <Button onClick={() => setImportOpen(true)}>
                  <FileUp aria-hidden /> {t("page.importStatement")}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <ul className="divide-y divide-ink-100">
            {queued.map((entry) => {
              const amount = queuedAmount(entry);
              return (
                <li
                  key={entry.id}
                  className="flex items-center gap-3 bg-amber-50/50 px-3 py-2.5 sm:px-5"
                  data-testid="queued-row"
                >
                  <button
                    type="button"
                    className="flex min-w-0 flex-1 items-center gap-3 text-left"
                    onClick={() => {
                      if (entry.state === "conflict") setParams({ queued: entry.id }, { replace: false });
                    }}
                  >
                    <TypeIcon type={entry.input.type} />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-ink-900">
                        {queuedTitle(entry, t(`type.${entry.input.type}`))}
                      </span>
                      <span className="block truncate text-[12px] text-ink-500">
                        {entry.state === "conflict" && entry.problem
                          ? translateMessage(entry.problem.message)
                          : null}
                      </span>
                    </span>
                    <span className="flex shrink-0 flex-col items-end gap-0.5">
                      {amount === null ? null : (
                        <Money
                          amountMinor={amount}
                          currency={entry.input.currency}
                          signed
                          className="text-sm font-semibold"
                        />
                      )}
                      <StateBadge entry={entry} />
                    </span>
                  </button>
                </li>
              );
            })}
            {items.map((item) => (
              <li
                key={item.id}
                className={cn(
                  "flex items-center gap-3 px-3 py-2.5 sm:px-5",
                  selected.has(item.id) && "bg-brand-50/60",
                )}
              >
                {canWrite ? (
                  <input
                    type="checkbox"
                    aria-label={t("page.select", { name: item.description ?? t("transaction") })}
                    className="size-4 shrink-0 cursor-pointer rounded accent-brand-700"
                    checked={selected.has(item.id)}
                    onChange={() => toggle(item.id)}
                  />
                ) : null}
                <button
                  type="button"
                  className="flex min-w-0 flex-1 items-center gap-3 text-left"
                  onClick={() => {
                    if (!canWrite) return;
                    setEditing(item);
                    setFormOpen(true);
                  }}
                >
                  <TypeIcon type={item.type} />
                  <span className="min-w-0 flex-1">
                    <span
                      className={cn(
                        "block truncate text-sm font-medium text-ink-900",
                        item.status === "void" && "text-ink-400 line-through",
                      )}
                    >
                      {item.description || item.customerName || item.supplierName || t(`type.${item.type}`)}
                    </span>
                    <span className="flex flex-wrap items-center gap-x-2 text-[12px] text-ink-500">
                      <span>{format.dateTime(item.transactionDate)}</span>
                      <span className="inline-flex items-center gap-1">
                        <span
                          className="inline-block size-1.5 rounded-full"
                          style={{ background: item.categoryColor ?? "#c5cdca" }}
                          aria-hidden
                        />
                        {item.categoryName !== null
                          ? categoryName({ name: item.categoryName, systemKey: item.categorySystemKey })
                          : t("uncategorised")}
                        <AutoCategoryMark source={item.categorySource} />
                      </span>
                      <span className="hidden sm:inline">{t(`method.${item.paymentMethod}`)}</span>
                      {item.referenceNumber ? (
                        <span className="hidden font-mono md:inline">{item.referenceNumber}</span>
                      ) : null}
                      {item.customerName ? (
                        <span className="hidden md:inline">· {item.customerName}</span>
                      ) : null}
                      {item.supplierName ? (
                        <span className="hidden md:inline">· {item.supplierName}</span>
                      ) : null}
                    </span>
                  </span>
                  <span className="flex shrink-0 flex-col items-end gap-0.5">
                    <Money
                      amountMinor={signedAmount(item)}
                      currency={item.currency}
                      signed
                      className={cn("text-sm font-semibold", item.type === "income" && "text-emerald-700")}
                    />
                    {item.currency !== business.baseCurrency ? (
                      <Money
                        amountMinor={item.baseAmountMinor}
                        currency={business.baseCurrency}
                        className="text-[11px] text-ink-500"
                      />
                    ) : item.status !== "completed" ? (
                      <Badge tone={item.status === "pending" ? "warning" : "neutral"}>
                        {t(`status.${item.status}`)}
                      </Badge>
                    ) : null}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <LoadMore query={list} placement="footer" />
      </Card>
      <TransactionDialog open={formOpen} onOpenChange={setFormOpen} editing={editing} />
      <TransactionDialog
        open={editingQueued !== null}
        onOpenChange={(open) => (open ? null : closeQueued())}
        editing={null}
        queued={editingQueued}
      />
      <ImportWizard open={importOpen} onOpenChange={setImportOpen} />
      <ReceiptCaptureDialog open={scanning} onOpenChange={setScanning} />
      {categorising ? (
        <BulkCategoriseDialog
          ids={[...selected]}
          onClose={async (done) => {
            setCategorising(false);
            if (done) {
              setSelected(new Set());
              await refresh();
            }
          }}
        />
      ) : null}
    </>
  );
}

export default function TransactionsPage() {
  return (
    <RequireAccess requirement="transactions.read">
      <TransactionsContent />
    </RequireAccess>
  );
}
