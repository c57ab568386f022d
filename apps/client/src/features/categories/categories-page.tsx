import {
  CATEGORY_COLORS,
  type CategoryKind,
  ZCreateCategorySchema,
  ZMergeCategoriesSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Combine, MoreHorizontal, Pencil, Plus, Tags } from "lucide-react";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
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
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { type CategoryItem, useCategories } from "../transactions/ledger";
import { useCategoryName } from "./category-name";
import { CategoryRules } from "./category-rules";

type Editing =
  | { mode: "create"; kind: CategoryKind }
  | { mode: "rename"; category: CategoryItem }
  | { mode: "merge"; category: CategoryItem };

const ZCategoryNameSchema = ZCreateCategorySchema.pick({ name: true, color: true });

function CategoryDialogFooter({
  formId,
  submitLabel,
  submitting,
  disabled,
  onClose,
}: {
  formId: string;
  submitLabel: string;
  submitting: boolean;
  disabled: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation("categories");
  return (
    <>
      <Button variant="secondary" onClick={onClose}>
        {t("cancel")}
      </Button>
      <Button type="submit" form={formId} loading={submitting} disabled={disabled}>
        {submitLabel}
      </Button>
    </>
  );
}

/** A new category, or a new name and colour for one. */
function CategoryNameDialog({
  editing,
  onClose,
}: {
  editing: Extract<Editing, { mode: "create" | "rename" }>;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("categories");
  const categoryName = useCategoryName();
  const create = useMutation(trpc.categories.create.mutationOptions());
  const update = useMutation(trpc.categories.update.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      name: editing.mode === "rename" ? editing.category.name : "",
      color: editing.mode === "rename" ? (editing.category.color ?? CATEGORY_COLORS[0]) : CATEGORY_COLORS[0],
    },
    schema: ZCategoryNameSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      if (editing.mode === "create") {
        await create.mutateAsync({ businessId: business.id, kind: editing.kind, ...input });
      } else {
        await update.mutateAsync({ businessId: business.id, categoryId: editing.category.id, ...input });
      }
      await queryClient.invalidateQueries({ queryKey: trpc.categories.pathKey() });
      onClose();
    },
  });
  const [name, color] = useWatch({ control: form.control, name: ["name", "color"] });
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      title={
        editing.mode === "create"
          ? t(`newTitle.${editing.kind}`)
          : t("renameTitle", { name: categoryName(editing.category) })
      }
      footer={
        <CategoryDialogFooter
          formId="category-form"
          submitLabel={t("save")}
          submitting={form.submitting}
          disabled={!name.trim()}
          onClose={onClose}
        />
      }
    >
      <AppForm form={form} id="category-form">
        <Field label={t("name")} error={form.error("name")}>
          <Input autoFocus {...form.register("name")} />
        </Field>
        <fieldset>
          <legend className="mb-2 text-[13px] font-medium text-ink-800">{t("colour")}</legend>
          <div className="flex flex-wrap gap-2">
            {CATEGORY_COLORS.map((swatch) => (
              <button
                key={swatch}
                type="button"
                aria-label={t("colourSwatch", { colour: swatch })}
                aria-pressed={color === swatch}
                onClick={() => form.setValue("color", swatch, { shouldDirty: true })}
                className="size-7 rounded-full ring-offset-2 aria-pressed:ring-2 aria-pressed:ring-ink-900"
                style={{ background: swatch }}
              />
            ))}
          </div>
          {form.error("color") ? (
            <p className="mt-2 text-[13px] font-medium text-red-700">{form.error("color")}</p>
          ) : null}
        </fieldset>
      </AppForm>
    </Dialog>
  );
}

/** Moves a category's transactions and budgets into another of the same kind, then archives it. */
function MergeCategoryDialog({
  category,
  categories,
  onClose,
}: {
  category: CategoryItem;
  categories: CategoryItem[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("categories");
  const categoryName = useCategoryName();
  const merge = useMutation(trpc.categories.merge.mutationOptions());
  const form = useAppForm({
    defaultValues: { targetCategoryId: "" },
    schema: ZMergeCategoriesSchema,
    toInput: (values) => ({ sourceCategoryId: category.id, targetCategoryId: values.targetCategoryId }),
    onSubmit: async (input) => {
      const result = await merge.mutateAsync({ businessId: business.id, ...input });
      toast("success", t("merge.done", { name: result.target.name }), {
        description: t("merge.moved", {
          transactions: t("merge.transactions", { count: result.transactionsMoved }),
          budgets: t("merge.budgets", { count: result.budgetsMoved + result.budgetsCombined }),
        }),
      });
      await queryClient.invalidateQueries({ queryKey: trpc.categories.pathKey() });
      onClose();
    },
  });
  const target = useWatch({ control: form.control, name: "targetCategoryId" });
  const targets = categories.filter(
    (candidate) => candidate.kind === category.kind && candidate.id !== category.id && !candidate.archivedAt,
  );
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      title={t("merge.title", { name: categoryName(category) })}
      description={t("merge.description")}
      footer={
        <CategoryDialogFooter
          formId="merge-category-form"
          submitLabel={t("merge.submit")}
          submitting={form.submitting}
          disabled={!target}
          onClose={onClose}
        />
      }
    >
      <AppForm form={form} id="merge-category-form">
        <Field label={t("merge.into")} error={form.error("targetCategoryId")}>
          <Select
            {...form.register("targetCategoryId")}
            value={target}
            placeholder={t("merge.choose")}
            options={targets.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
          />
        </Field>
      </AppForm>
    </Dialog>
  );
}

function CategoryDialog({
  editing,
  categories,
  onClose,
}: {
  editing: Editing;
  categories: CategoryItem[];
  onClose: () => void;
}) {
  return editing.mode === "merge" ? (
    <MergeCategoryDialog category={editing.category} categories={categories} onClose={onClose} />
  ) : (
    <CategoryNameDialog editing={editing} onClose={onClose} />
  );
}

function CategoriesContent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const { t } = useTranslation("categories");
  const categoryName = useCategoryName();
  const [showArchived, setShowArchived] = useState(false);
  const categories = useCategories({ includeArchived: showArchived });
  const [editing, setEditing] = useState<Editing | null>(null);
  const archive = useMutation(trpc.categories.archive.mutationOptions());
  const restore = useMutation(trpc.categories.restore.mutationOptions());
  const canManage = can("categories.write");
  const setArchived = async (category: CategoryItem, archived: boolean) => {
    try {
      if (archived) await archive.mutateAsync({ businessId: business.id, categoryId: category.id });
      else await restore.mutateAsync({ businessId: business.id, categoryId: category.id });
      await queryClient.invalidateQueries({ queryKey: trpc.categories.pathKey() });
      toast(
        "success",
        archived
          ? t("archived", { name: categoryName(category) })
          : t("restored", { name: categoryName(category) }),
      );
    } catch (error) {
      toast("error", toProblem(error).message);
    }
  };
  const list = categories.data ?? [];
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Checkbox
            label={t("showArchived")}
            checked={showArchived}
            onChange={(event) => setShowArchived(event.target.checked)}
          />
        }
      />
      <SettingsTabs />
      {categories.error ? (
        <ProblemAlert error={categories.error} onRetry={() => categories.refetch()} />
      ) : null}
      {/* grid-cols-1, not an implicit column: a long name truncates instead of widening the page on a phone. */}
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        {(["income", "expense"] as const).map((kind) => {
          const rows = list.filter((category) => category.kind === kind);
          return (
            <Card key={kind}>
              <CardHeader
                title={kind === "income" ? t("moneyIn") : t("moneyOut")}
                description={t("count", { count: rows.length })}
                actions={
                  canManage ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => setEditing({ mode: "create", kind })}
                    >
                      <Plus aria-hidden /> {t("new")}
                    </Button>
                  ) : null
                }
              />
              {categories.isPending ? (
                <div className="p-5">
                  <SkeletonList rows={5} />
                </div>
              ) : rows.length === 0 ? (
                <EmptyState icon={Tags} title={t("empty")} />
              ) : (
                <ul className="divide-y divide-ink-100">
                  {rows.map((category) => (
                    <li key={category.id} className="flex items-center gap-3 px-5 py-2.5">
                      <span
                        className="inline-block size-2.5 shrink-0 rounded-full"
                        style={{ background: category.color ?? "#97a39f" }}
                        aria-hidden
                      />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate text-sm font-medium text-ink-900">
                          {categoryName(category)}
                        </span>
                        <span className="block text-[12px] text-ink-500">
                          {t("merge.transactions", { count: category.transactionCount })}
                        </span>
                      </span>
                      {category.archivedAt ? (
                        <Badge>
                          {category.mergedIntoCategoryId ? t("badge.merged") : t("badge.archived")}
                        </Badge>
                      ) : null}
                      {category.systemKey ? <Badge tone="info">{t("badge.default")}</Badge> : null}
                      {canManage && !category.mergedIntoCategoryId ? (
                        <DropdownMenu>
                          <DropdownMenuTrigger asChild>
                            <Button
                              variant="ghost"
                              size="icon"
                              aria-label={t("actionsFor", { name: categoryName(category) })}
                            >
                              <MoreHorizontal aria-hidden />
                            </Button>
                          </DropdownMenuTrigger>
                          <DropdownMenuContent align="end">
                            <DropdownMenuItem onSelect={() => setEditing({ mode: "rename", category })}>
                              <Pencil aria-hidden /> {t("menu.rename")}
                            </DropdownMenuItem>
                            {category.archivedAt ? (
                              <DropdownMenuItem onSelect={() => setArchived(category, false)}>
                                <ArchiveRestore aria-hidden /> {t("menu.restore")}
                              </DropdownMenuItem>
                            ) : (
                              <>
                                <DropdownMenuItem onSelect={() => setEditing({ mode: "merge", category })}>
                                  <Combine aria-hidden /> {t("menu.merge")}
                                </DropdownMenuItem>
                                <DropdownMenuItem onSelect={() => setArchived(category, true)}>
                                  <Archive aria-hidden /> {t("menu.archive")}
                                </DropdownMenuItem>
                              </>
                            )}
                          </DropdownMenuContent>
                        </DropdownMenu>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          );
        })}
      </div>
      {can("transactions.read") ? <CategoryRules /> : null}
      {editing ? (
        <CategoryDialog editing={editing} categories={list} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

export default function CategoriesPage() {
  return (
    <RequireAccess requirement="categories.read">
      <CategoriesContent />
    </RequireAccess>
  );
}
