import {
  CATEGORY_RULE_FIELDS,
  type CategoryRuleField,
  type CategoryRuleOperator,
  PAYMENT_METHODS,
  type PaymentMethod,
} from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { ListFilter, MoreHorizontal, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "../../ui/dropdown-menu";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Checkbox, Input, Select } from "../../ui/input";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { type RouterOutputs, useCategories } from "../transactions/ledger";
import { useCategoryName } from "./category-name";

type Rule = RouterOutputs["categorisation"]["rules"]["list"][number];

function describeRule(rule: Rule, currency: string, t: TFunction<["categories", "transactions"]>): string {
  const parts: string[] = [];
  if (rule.text) {
    parts.push(
      t(rule.operator === "equals" ? "rules.describe.equals" : "rules.describe.contains", {
        where: t(`rules.field.${rule.field}`),
        text: rule.text,
      }),
    );
  }
  if (rule.minAmount && rule.maxAmount) parts.push(`${currency} ${rule.minAmount}–${rule.maxAmount}`);
  else if (rule.minAmount)
    parts.push(t("rules.describe.atLeast", { amount: `${currency} ${rule.minAmount}` }));
  else if (rule.maxAmount)
    parts.push(t("rules.describe.atMost", { amount: `${currency} ${rule.maxAmount}` }));
  if (rule.paymentMethod) {
    parts.push(t("rules.describe.paidBy", { method: t(`transactions:method.${rule.paymentMethod}`) }));
  }
  return parts.join(", ");
}

function RuleDialog({ rule, onClose }: { rule: Rule | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation(["categories", "transactions"]);
  const categoryName = useCategoryName();
  const categories = useCategories();
  const create = useMutation(trpc.categorisation.rules.create.mutationOptions());
  const update = useMutation(trpc.categorisation.rules.update.mutationOptions());
  const [categoryId, setCategoryId] = useState(rule?.categoryId ?? "");
  const [field, setField] = useState<CategoryRuleField>(rule?.field ?? "any");
  const [operator, setOperator] = useState<CategoryRuleOperator>(rule?.operator ?? "contains");
  const [text, setText] = useState(rule?.text ?? "");
  const [minAmount, setMinAmount] = useState(rule?.minAmount ?? "");
  const [maxAmount, setMaxAmount] = useState(rule?.maxAmount ?? "");
  const [paymentMethod, setPaymentMethod] = useState<string>(rule?.paymentMethod ?? "");
  const [priority, setPriority] = useState(String(rule?.priority ?? 100));
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [problem, setProblem] = useState<ReturnType<typeof toProblem> | null>(null);
  const fieldError = (name: string) => problem?.fieldErrors?.[name]?.[0];
  const submit = async () => {
    setProblem(null);
    const values = {
      businessId: business.id,
      categoryId,
      field,
      operator,
      text: text.trim() || null,
      minAmount: minAmount.trim() || null,
      maxAmount: maxAmount.trim() || null,
      paymentMethod: (paymentMethod || null) as PaymentMethod | null,
      priority: Number.parseInt(priority, 10) || 0,
      enabled,
    };
    try {
      if (rule) await update.mutateAsync({ ...values, ruleId: rule.id });
      else await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.categorisation.rules.pathKey() });
      toast("success", rule ? t("rules.saved") : t("rules.added"), {
        description: t("rules.savedHelp"),
      });
      onClose();
    } catch (error) {
      setProblem(toProblem(error));
    }
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      title={rule ? t("rules.editTitle") : t("rules.newTitle")}
      description={t("rules.dialogDescription")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button onClick={submit} loading={create.isPending || update.isPending} disabled={!categoryId}>
            {t("save")}
          </Button>
        </>
      }
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("rules.lookAt")} className="sm:col-span-1">
          <Select
            value={field}
            onChange={(event) => setField(event.target.value as CategoryRuleField)}
            options={CATEGORY_RULE_FIELDS.map((value) => ({
              value,
              label: t(`rules.field.${value}`),
            }))}
          />
        </Field>
        <Field label={t("rules.match")}>
          <Select
            value={operator}
            onChange={(event) => setOperator(event.target.value as CategoryRuleOperator)}
            options={[
              { value: "contains", label: t("rules.operator.contains") },
              { value: "equals", label: t("rules.operator.equals") },
            ]}
          />
        </Field>
        <Field label={t("rules.text")} error={fieldError("text")} className="sm:col-span-2">
          <Input
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t("rules.textPlaceholder")}
          />
        </Field>
        <Field
          label={t("rules.amountFrom", { currency: business.baseCurrency })}
          error={fieldError("minAmount")}
        >
          <Input
            inputMode="decimal"
            value={minAmount}
            onChange={(event) => setMinAmount(event.target.value)}
          />
        </Field>
        <Field
          label={t("rules.amountTo", { currency: business.baseCurrency })}
          error={fieldError("maxAmount")}
        >
          <Input
            inputMode="decimal"
            value={maxAmount}
            onChange={(event) => setMaxAmount(event.target.value)}
          />
        </Field>
        <Field label={t("rules.paidBy")}>
          <Select
            value={paymentMethod}
            onChange={(event) => setPaymentMethod(event.target.value)}
            placeholder={t("rules.anyMethod")}
            options={PAYMENT_METHODS.map((value) => ({ value, label: t(`transactions:method.${value}`) }))}
          />
        </Field>
        <Field label={t("rules.priority")} error={fieldError("priority")}>
          <Input inputMode="numeric" value={priority} onChange={(event) => setPriority(event.target.value)} />
        </Field>
        <Field label={t("rules.category")} error={fieldError("categoryId")} className="sm:col-span-2">
          <Select
            value={categoryId}
            onChange={(event) => setCategoryId(event.target.value)}
            placeholder={t("merge.choose")}
            options={(categories.data ?? []).map((category) => ({
              value: category.id,
              label: t("rules.categoryOption", {
                name: categoryName(category),
                kind: category.kind === "income" ? t("rules.moneyIn") : t("rules.moneyOut"),
              }),
            }))}
          />
        </Field>
        <Checkbox
          className="sm:col-span-2"
          label={t("rules.enabled")}
          checked={enabled}
          onChange={(event) => setEnabled(event.target.checked)}
        />
      </div>
      {problem && !problem.fieldErrors ? <ProblemAlert problem={problem} className="mt-4" /> : null}
      {problem?.fieldErrors && !Object.keys(problem.fieldErrors).some((key) => fieldError(key)) ? (
        <ProblemAlert problem={problem} className="mt-4" />
      ) : null}
    </Dialog>
  );
}

/** The business's categorisation rules, in Settings › Categories. */
export function CategoryRules() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation(["categories", "transactions"]);
  const categoryName = useCategoryName();
  const rules = useQuery(trpc.categorisation.rules.list.queryOptions({ businessId: business.id }));
  const remove = useMutation(trpc.categorisation.rules.delete.mutationOptions());
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const canManage = can("transactions.write");
  const list = rules.data ?? [];
  return (
    <Card className="mt-6">
      <CardHeader
        title={t("rules.title")}
        description={t("rules.description")}
        actions={
          canManage ? (
            <Button size="sm" variant="secondary" onClick={() => setEditing("new")}>
              <Plus aria-hidden /> {t("rules.new")}
            </Button>
          ) : null
        }
      />
      {rules.error ? (
        <ProblemAlert error={rules.error} onRetry={() => rules.refetch()} className="m-4" />
      ) : rules.isPending ? (
        <div className="p-5">
          <SkeletonList rows={3} label={t("rules.loading")} />
        </div>
      ) : list.length === 0 ? (
        <EmptyState
          icon={ListFilter}
          title={t("rules.emptyTitle")}
          description={t("rules.emptyDescription")}
        />
      ) : (
        <ul className="divide-y divide-ink-100">
          {list.map((rule) => (
            <li key={rule.id} className="flex items-center gap-3 px-5 py-3" data-testid="rule-row">
              <span
                className="w-8 shrink-0 text-center font-mono text-[12px] text-ink-500"
                title={t("rules.priorityShort")}
              >
                {rule.priority}
              </span>
              <span className="min-w-0 flex-1">
                <span className="block text-sm text-ink-900">
                  {describeRule(rule, business.baseCurrency, t)} →{" "}
                  <strong className="font-semibold">
                    {categoryName({ name: rule.categoryName, systemKey: rule.categorySystemKey })}
                  </strong>
                </span>
                <span className="block text-[12px] text-ink-500">
                  {rule.categoryKind === "income" ? t("moneyIn") : t("moneyOut")} ·{" "}
                  {t("rules.used", { count: rule.matchCount })}
                  {rule.lastMatchedAt
                    ? `, ${t("rules.last", { date: format.date(rule.lastMatchedAt) })}`
                    : ""}
                </span>
              </span>
              {rule.enabled ? null : <Badge>{t("rules.off")}</Badge>}
              {canManage ? (
                <DropdownMenu>
                  <DropdownMenuTrigger asChild>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={t("rules.actionsFor", { text: rule.text ?? t("rules.amount") })}
                    >
                      <MoreHorizontal aria-hidden />
                    </Button>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent align="end">
                    <DropdownMenuItem onSelect={() => setEditing(rule)}>
                      <Pencil aria-hidden /> {t("rules.edit")}
                    </DropdownMenuItem>
                    <DropdownMenuItem
                      onSelect={async () => {
                        try {
                          await remove.mutateAsync({ businessId: business.id, ruleId: rule.id });
                          await queryClient.invalidateQueries({
                            queryKey: trpc.categorisation.rules.pathKey(),
                          });
                          toast("success", t("rules.deleted"));
                        } catch (error) {
                          toast("error", toProblem(error).message);
                        }
                      }}
                    >
                      <Trash2 aria-hidden /> {t("rules.delete")}
                    </DropdownMenuItem>
                  </DropdownMenuContent>
                </DropdownMenu>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <RuleDialog rule={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  );
}
