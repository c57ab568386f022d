import { ZCreateBudgetSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, Copy, PiggyBank, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useLocale, useProblemMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useCategoryName } from "../categories/category-name";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { monthLabel, todayIn, useCategories } from "../transactions/ledger";
import { BudgetBar, type BudgetItem } from "./budget-bar";

function shiftMonth(month: string, by: number): string {
  const [year = 2026, value = 1] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year, value - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

function BudgetDialog({ month, onClose }: { month: string; onClose: () => void }) {
  const { t } = useTranslation("budgets");
  const categoryName = useCategoryName();
  const { locale } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const categories = useCategories();
  const create = useMutation(trpc.budgets.create.mutationOptions());
  const form = useAppForm({
    defaultValues: { categoryId: "", amount: "", repeatMonths: "1" },
    schema: ZCreateBudgetSchema,
    toInput: (values) => ({
      categoryId: values.categoryId,
      month,
      amount: values.amount.trim(),
      repeatMonths: Number(values.repeatMonths),
    }),
    onSubmit: async (input) => {
      await create.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.budgets.pathKey() });
      toast("success", t("page.setDone"));
      onClose();
    },
  });
  const values = form.watch();
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      title={t("page.dialogTitle", { month: monthLabel(`${month}-01`, true, locale) })}
      description={t("page.dialogBody")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("page.cancel")}
          </Button>
          <Button type="submit" form="budget-form" loading={form.submitting}>
            {t("page.set")}
          </Button>
        </>
      }
    >
      <AppForm form={form} problem="manual" id="budget-form" className="flex flex-col gap-4">
        <Field label={t("page.category")} error={form.error("categoryId")} required>
          <Select
            value={values.categoryId}
            onChange={(event) => form.setValue("categoryId", event.target.value)}
            placeholder={t("page.chooseCategory")}
            options={(categories.data ?? []).map((category) => ({
              value: category.id,
              label:
                category.kind === "income"
                  ? t("page.categoryTarget", { name: categoryName(category) })
                  : t("page.categorySpend", { name: categoryName(category) }),
            }))}
          />
        </Field>
        <Field
          label={t("page.amount", { currency: business.baseCurrency })}
          error={form.error("amount")}
          required
        >
          <Input inputMode="decimal" placeholder={t("page.amountPlaceholder")} {...form.register("amount")} />
        </Field>
        <Field label={t("page.for")} error={form.error("repeatMonths")}>
          <Select
            value={values.repeatMonths}
            onChange={(event) => form.setValue("repeatMonths", event.target.value)}
            options={[1, 3, 6, 12].map((months) => ({
              value: String(months),
              label: months === 1 ? t("page.thisMonth") : t("page.andNext", { count: months - 1 }),
            }))}
          />
        </Field>
        <FormProblem form={form} />
      </AppForm>
    </Dialog>
  );
}

function EditAmount({ item, onClose }: { item: BudgetItem; onClose: () => void }) {
  const { t } = useTranslation("budgets");
  const categoryName = useCategoryName();
  const problemMessage = useProblemMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const [amount, setAmount] = useState(String(Number(item.amountMinor) / 100));
  const update = useMutation(trpc.budgets.update.mutationOptions());
  const remove = useMutation(trpc.budgets.delete.mutationOptions());
  const done = async (run: () => Promise<unknown>) => {
    await run();
    await queryClient.invalidateQueries({ queryKey: trpc.budgets.pathKey() });
    onClose();
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      title={categoryName({ name: item.categoryName, systemKey: item.categorySystemKey })}
      description={t("page.period", { start: item.periodStart, end: item.periodEnd })}
      footer={
        <>
          <Button
            variant="ghost"
            loading={remove.isPending}
            onClick={() => done(() => remove.mutateAsync({ businessId: business.id, budgetId: item.id }))}
          >
            <Trash2 aria-hidden /> {t("page.remove")}
          </Button>
          <Button
            loading={update.isPending}
            onClick={() =>
              done(() => update.mutateAsync({ businessId: business.id, budgetId: item.id, amount }))
            }
          >
            {t("page.save")}
          </Button>
        </>
      }
    >
      <Field
        label={t("page.amount", { currency: business.baseCurrency })}
        error={update.error ? problemMessage(toProblem(update.error)) : undefined}
      >
        <Input inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
      </Field>
    </Dialog>
  );
}

function BudgetsContent() {
  const { t } = useTranslation("budgets");
  const { locale } = useLocale();
  const problemMessage = useProblemMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get("month") ?? "")
    ? (params.get("month") as string)
    : todayIn(business.timezone).slice(0, 7);
  const budgets = useQuery(trpc.budgets.list.queryOptions({ businessId: business.id, month }));
  const copy = useMutation(trpc.budgets.copyMonth.mutationOptions());
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<BudgetItem | null>(null);
  const canWrite = can("budgets.write");
  const items = budgets.data?.items ?? [];
  const expense = items.filter((item) => item.kind === "expense");
  const income = items.filter((item) => item.kind === "income");
  const over = expense.filter((item) => item.status === "over").length;
  return (
    <>
      <PageHeader
        title={t("page.title")}
        description={t("page.description")}
        actions={
          <>
            <div className="flex items-center rounded-md border border-ink-200 bg-surface shadow-sm">
              <Button
                variant="ghost"
                size="icon"
                aria-label={t("page.previous")}
                onClick={() => setParams({ month: shiftMonth(month, -1) })}
              >
                <ChevronLeft aria-hidden />
              </Button>
              <span className="min-w-28 text-center text-sm font-medium text-ink-900">
                {monthLabel(`${month}-01`, true, locale)}
              </span>
              <Button
                variant="ghost"
                size="icon"
                aria-label={t("page.next")}
                onClick={() => setParams({ month: shiftMonth(month, 1) })}
              >
                <ChevronRight aria-hidden />
              </Button>
            </div>
            {canWrite ? (
              <Button onClick={() => setAdding(true)}>
                <Plus aria-hidden /> {t("page.setABudget")}
              </Button>
            ) : null}
          </>
        }
      />
      {budgets.error ? (
        <ProblemAlert error={budgets.error} onRetry={() => budgets.refetch()} className="mb-4" />
      ) : null}
      {budgets.data && expense.length > 0 ? (
        <div className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-3">
          <Card className="min-w-0 p-4">
            <p className="text-[13px] font-medium text-ink-500">{t("page.planned")}</p>
            <p className="mt-1 text-xl font-semibold">
              <Money
                amountMinor={budgets.data.totals.plannedMinor}
                currency={business.baseCurrency}
                compact
              />
            </p>
          </Card>
          <Card className="min-w-0 p-4">
            <p className="text-[13px] font-medium text-ink-500">{t("page.spent")}</p>
            <p className="mt-1 text-xl font-semibold">
              <Money amountMinor={budgets.data.totals.actualMinor} currency={business.baseCurrency} compact />
            </p>
          </Card>
          <Card className="col-span-2 p-4 md:col-span-1">
            <p className="text-[13px] font-medium text-ink-500">{t("page.overBudget")}</p>
            <p
              className={
                over > 0
                  ? "mt-1 text-xl font-semibold text-red-700"
                  : "mt-1 text-xl font-semibold text-emerald-700"
              }
            >
              {t("page.overCount", { over, count: expense.length })}
            </p>
          </Card>
        </div>
      ) : null}
      <Card>
        <CardHeader title={t("page.spending")} description={t("page.legend")} />
        <CardBody>
          {budgets.isPending ? (
            <SkeletonList rows={4} />
          ) : expense.length === 0 ? (
            <EmptyState
              icon={PiggyBank}
              title={t("page.emptyTitle")}
              description={t("page.emptyBody")}
              action={
                canWrite ? (
                  <div className="flex flex-wrap justify-center gap-2">
                    <Button onClick={() => setAdding(true)}>{t("page.setABudget")}</Button>
                    <Button
                      variant="secondary"
                      loading={copy.isPending}
                      onClick={async () => {
                        try {
                          const result = await copy.mutateAsync({
                            businessId: business.id,
                            fromMonth: shiftMonth(month, -1),
                            toMonth: month,
                          });
                          toast("success", t("page.copied", { count: result.copied }));
                          await queryClient.invalidateQueries({ queryKey: trpc.budgets.pathKey() });
                        } catch (error) {
                          toast("error", problemMessage(toProblem(error)));
                        }
                      }}
                    >
                      <Copy aria-hidden /> {t("page.copyLast")}
                    </Button>
                  </div>
                ) : undefined
              }
            />
          ) : (
            <ul className="flex flex-col gap-5">
              {expense.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className="w-full rounded-md text-left hover:bg-ink-50 disabled:hover:bg-transparent"
                    disabled={!canWrite}
                    onClick={() => setEditing(item)}
                  >
                    <BudgetBar item={item} currency={business.baseCurrency} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
      {income.length > 0 ? (
        <Card className="mt-6">
          <CardHeader title={t("page.incomeTargets")} />
          <CardBody>
            <ul className="flex flex-col gap-5">
              {income.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className="w-full text-left"
                    disabled={!canWrite}
                    onClick={() => setEditing(item)}
                  >
                    <BudgetBar item={item} currency={business.baseCurrency} />
                  </button>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      ) : null}
      {adding ? <BudgetDialog month={month} onClose={() => setAdding(false)} /> : null}
      {editing ? <EditAmount item={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

export default function BudgetsPage() {
  return (
    <RequireAccess requirement="budgets.read">
      <BudgetsContent />
    </RequireAccess>
  );
}
