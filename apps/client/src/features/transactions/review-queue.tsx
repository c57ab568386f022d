import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, CheckCheck, Sparkles, Wand2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { cn } from "../../lib/cn";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Checkbox, Input, Select } from "../../ui/input";
import { LoadMore } from "../../ui/load-more";
import { Money } from "../../ui/money";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useCategoryName } from "../categories/category-name";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { type RouterOutputs, useCategories } from "./ledger";
import { signedAmount, TypeIcon } from "./transaction-row";

type ReviewItem = RouterOutputs["categorisation"]["review"]["list"]["items"][number];
type Run = NonNullable<RouterOutputs["categorisation"]["runs"]["get"]>;

/** A word or two from the description to suggest as a rule ("KPLC", "Harambee"). */
function ruleTextFor(item: ReviewItem): string {
  const source = item.supplierName ?? item.customerName ?? item.description ?? "";
  const words = source
    .replace(/\b(customer|transfer|to|from|pay|bill|online|merchant|payment|the|and|for|of)\b/gi, " ")
    .replace(/[^\p{L}\s&'-]/gu, " ")
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 1);
  return words.slice(0, 2).join(" ");
}

function ReviewRow({ item, canWrite, onDone }: { item: ReviewItem; canWrite: boolean; onDone: () => void }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const categories = useCategories();
  const { t } = useTranslation("transactions");
  const categoryName = useCategoryName();
  const settle = useMutation(trpc.categorisation.review.settle.mutationOptions());
  const [choosing, setChoosing] = useState(false);
  const [categoryId, setCategoryId] = useState("");
  const [makeRule, setMakeRule] = useState(false);
  const [ruleText, setRuleText] = useState(() => ruleTextFor(item));
  const options = (categories.data ?? [])
    .filter((category) => category.kind === item.type)
    .map((category) => ({ value: category.id, label: categoryName(category) }));
  const label = item.description || item.supplierName || item.customerName || t("transaction");
  const confidence = item.suggestion?.confidence;

  const submit = async (chosen: string | null) => {
    try {
      const result = await settle.mutateAsync({
        businessId: business.id,
        transactionId: item.id,
        categoryId: chosen,
        ruleText: makeRule && chosen ? ruleText : null,
        ruleField: "any",
      });
      toast(
        "success",
        result.outcome === "accepted" ? t("review.accepted") : t("review.saved"),
        result.ruleId ? { description: t("review.newRule", { text: ruleText }) } : undefined,
      );
      onDone();
    } catch (error) {
      toast("error", t("review.notSaved"), {
        description: toProblem(error).message,
      });
    }
  };

  return (
    <li className="flex flex-col gap-3 px-3 py-3 sm:px-5" data-testid="review-row">
      <div className="flex items-center gap-3">
        <TypeIcon type={item.type} />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium text-ink-900">{label}</span>
          <span className="flex flex-wrap gap-x-2 text-[12px] text-ink-500">
            <span>{format.date(item.transactionDate)}</span>
            <span>{t(`method.${item.paymentMethod}`)}</span>
            {item.supplierName ? <span className="hidden sm:inline">· {item.supplierName}</span> : null}
            {item.customerName ? <span className="hidden sm:inline">· {item.customerName}</span> : null}
          </span>
        </span>
        <Money
          amountMinor={signedAmount(item)}
          currency={item.currency}
          signed
          className={cn("shrink-0 text-sm font-semibold", item.type === "income" && "text-emerald-700")}
        />
      </div>
      <div className="flex flex-wrap items-center gap-2 sm:pl-11">
        {item.suggestion ? (
          <span className="inline-flex min-w-0 flex-wrap items-center gap-2 text-[13px] text-ink-700">
            <Sparkles className="size-4 text-brand-700" aria-hidden />
            <span>
              <Trans
                t={t}
                i18nKey="review.suggested"
                values={{ category: item.suggestion.categoryName }}
                components={{ strong: <strong className="font-semibold" /> }}
              />
            </span>
            <Badge tone={item.suggestion.source === "ai" ? "info" : "brand"}>
              {item.suggestion.source === "ai" ? t("review.ai") : t("review.learned")}
              {confidence === null || confidence === undefined
                ? null
                : ` · ${t("review.sure", { percent: Math.round(confidence * 100) })}`}
            </Badge>
            {item.suggestion.reasons.length > 0 ? (
              <span className="text-[12px] text-ink-500">
                {t("review.because", { reasons: item.suggestion.reasons.join(", ") })}
              </span>
            ) : null}
          </span>
        ) : (
          <span className="text-[13px] text-ink-500">{t("review.noSuggestion")}</span>
        )}
        <span className="flex-1" />
        {canWrite ? (
          <span className="flex flex-wrap items-center gap-2">
            {item.suggestion ? (
              <Button size="sm" onClick={() => submit(null)} loading={settle.isPending && !choosing}>
                <Check aria-hidden /> {t("review.accept")}
              </Button>
            ) : null}
            <Button
              size="sm"
              variant="secondary"
              aria-expanded={choosing}
              onClick={() => setChoosing((value) => !value)}
            >
              {item.suggestion ? t("review.correct") : t("review.choose")}
            </Button>
          </span>
        ) : null}
      </div>
      {choosing ? (
        <div className="flex flex-col gap-3 rounded-md bg-ink-50 p-3 sm:ml-11 sm:flex-row sm:items-end">
          <div className="sm:w-64">
            <Select
              aria-label={t("review.categoryFor", { name: label })}
              placeholder={t("review.chooseCategory")}
              options={options}
              value={categoryId}
              onChange={(event) => setCategoryId(event.target.value)}
            />
          </div>
          <div className="flex flex-1 flex-col gap-2">
            <Checkbox
              label={t("review.makeRule")}
              description={t("review.makeRuleHelp")}
              checked={makeRule}
              onChange={(event) => setMakeRule(event.target.checked)}
            />
            {makeRule ? (
              <Input
                aria-label={t("review.ruleText")}
                value={ruleText}
                onChange={(event) => setRuleText(event.target.value)}
              />
            ) : null}
          </div>
          <Button
            size="sm"
            disabled={!categoryId || (makeRule && ruleText.trim().length < 2)}
            loading={settle.isPending}
            onClick={() => submit(categoryId)}
          >
            {t("review.save")}
          </Button>
        </div>
      ) : null}
    </li>
  );
}

function RunProgress({ run }: { run: Run }) {
  const active = run.status === "queued" || run.status === "running";
  const percent = run.total > 0 ? Math.round((Math.min(run.processed, run.total) / run.total) * 100) : 100;
  const applied = run.ruleApplied + run.learnedApplied + run.aiApplied;
  const { t } = useTranslation("transactions");
  return (
    <div className="border-b border-ink-100 px-5 py-3" aria-live="polite">
      <div className="flex flex-wrap items-center justify-between gap-2 text-[13px] text-ink-700">
        <span>
          {active
            ? run.status === "queued"
              ? t("review.waiting")
              : t("review.running", { done: Math.min(run.processed, run.total), total: run.total })
            : run.status === "failed"
              ? t("review.failed", { reason: run.error ?? t("review.tryAgain") })
              : t("review.lastRun", {
                  applied,
                  rules: run.ruleApplied,
                  learned: run.learnedApplied,
                  ai: run.aiApplied,
                  suggested: run.suggested,
                })}
        </span>
        {run.aiNote ? <span className="text-[12px] text-ink-500">{run.aiNote}</span> : null}
      </div>
      {active ? (
        <div
          className="mt-2 h-1.5 overflow-hidden rounded-full bg-ink-100"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label={t("review.progress")}
        >
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
      ) : null}
    </div>
  );
}

/** The Review queue: uncategorised transactions with the model's suggestion, accepted or corrected in a click. */
export function ReviewQueue() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const canWrite = can("transactions.write");
  const { t } = useTranslation("transactions");
  const [runId, setRunId] = useState<string | null>(null);
  const queue = useInfiniteQuery(
    trpc.categorisation.review.list.infiniteQueryOptions(
      { businessId: business.id, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const run = useQuery(
    trpc.categorisation.runs.get.queryOptions(
      { businessId: business.id, runId },
      {
        refetchInterval: (query) => {
          const status = query.state.data?.status;
          return status === "queued" || status === "running" ? 1_000 : false;
        },
      },
    ),
  );
  const start = useMutation(trpc.categorisation.runs.start.mutationOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.categorisation.review.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() }),
    ]);
  const status = run.data?.status;
  const active = status === "queued" || status === "running";
  // When a run finishes, the queue has changed: read it again, once per run. A run seen in progress counts, and so
  // does the run started here even when it had already finished by the time it was first read (a quick worker).
  const previousStatus = useRef(status);
  const refreshedFor = useRef<string | null>(null);
  const finishedRunId = active || !status ? null : (run.data?.id ?? null);
  useEffect(() => {
    const before = previousStatus.current;
    previousStatus.current = status;
    if (!finishedRunId || refreshedFor.current === finishedRunId) return;
    if (before === "queued" || before === "running" || finishedRunId === runId) {
      refreshedFor.current = finishedRunId;
      void refresh();
    }
  });

  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const total = queue.data?.pages[0]?.total ?? null;
  return (
    <Card>
      <CardHeader
        title={t("review.title")}
        description={
          total === null
            ? t("review.withoutCategory")
            : total === 0
              ? t("review.allDone")
              : t("review.count", { count: total })
        }
        actions={
          canWrite ? (
            <Button
              size="sm"
              variant="secondary"
              loading={start.isPending}
              disabled={active || total === 0}
              onClick={async () => {
                try {
                  const started = await start.mutateAsync({ businessId: business.id });
                  setRunId(started.id);
                  await queryClient.invalidateQueries({ queryKey: trpc.categorisation.runs.pathKey() });
                } catch (error) {
                  toast("error", t("review.notStarted"), {
                    description: toProblem(error).message,
                  });
                }
              }}
            >
              <Wand2 aria-hidden /> {active ? t("review.categorising") : t("review.categoriseAll")}
            </Button>
          ) : null
        }
      />
      {run.data ? <RunProgress run={run.data} /> : null}
      {queue.error ? (
        <ProblemAlert error={queue.error} onRetry={() => queue.refetch()} className="m-4" />
      ) : queue.isPending ? (
        <div className="p-5">
          <SkeletonList rows={5} label={t("review.loading")} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          icon={CheckCheck}
          title={t("review.emptyTitle")}
          description={t("review.emptyDescription")}
        />
      ) : (
        <ul className="divide-y divide-ink-100">
          {items.map((item) => (
            <ReviewRow key={item.id} item={item} canWrite={canWrite} onDone={() => void refresh()} />
          ))}
        </ul>
      )}
      <LoadMore query={queue} placement="footer" />
    </Card>
  );
}

/** "auto · rule" beside a category KAVI chose, so people can tell it from their own. */
export function AutoCategoryMark({ source }: { source: string | null }) {
  const { t } = useTranslation("transactions");
  if (source !== "rule" && source !== "learned" && source !== "ai") return null;
  return (
    <span
      className="rounded bg-ink-100 px-1 text-[10px] font-medium tracking-wide text-ink-600 uppercase"
      title={t(`review.source.${source}`)}
    >
      {t("review.auto", { source: t(`review.sourceShort.${source}`) })}
    </span>
  );
}
