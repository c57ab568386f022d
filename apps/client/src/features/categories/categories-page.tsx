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
  return (
    <>
      <Button variant="secondary" onClick={onClose}>
        Cancel
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
      title={editing.mode === "create" ? `New ${editing.kind} category` : `Rename "${editing.category.name}"`}
      footer={
        <CategoryDialogFooter
          formId="category-form"
          submitLabel="Save"
          submitting={form.submitting}
          disabled={!name.trim()}
          onClose={onClose}
        />
      }
    >
      <AppForm form={form} id="category-form">
        <Field label="Name" error={form.error("name")}>
          <Input autoFocus {...form.register("name")} />
        </Field>
        <fieldset>
          <legend className="mb-2 text-[13px] font-medium text-ink-800">Colour</legend>
          <div className="flex flex-wrap gap-2">
            {CATEGORY_COLORS.map((swatch) => (
              <button
                key={swatch}
                type="button"
                aria-label={`Colour ${swatch}`}
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
  const merge = useMutation(trpc.categories.merge.mutationOptions());
  const form = useAppForm({
    defaultValues: { targetCategoryId: "" },
    schema: ZMergeCategoriesSchema,
    toInput: (values) => ({ sourceCategoryId: category.id, targetCategoryId: values.targetCategoryId }),
    onSubmit: async (input) => {
      const result = await merge.mutateAsync({ businessId: business.id, ...input });
      toast("success", `Merged into ${result.target.name}`, {
        description: `${result.transactionsMoved} transactions and ${result.budgetsMoved + result.budgetsCombined} budgets moved.`,
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
      title={`Merge "${category.name}" into…`}
      description="Its transactions and budgets move to the category you choose; then it is archived. This cannot be undone."
      footer={
        <CategoryDialogFooter
          formId="merge-category-form"
          submitLabel="Merge"
          submitting={form.submitting}
          disabled={!target}
          onClose={onClose}
        />
      }
    >
      <AppForm form={form} id="merge-category-form">
        <Field label="Merge into" error={form.error("targetCategoryId")}>
          <Select
            {...form.register("targetCategoryId")}
            value={target}
            placeholder="Choose a category"
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
      toast("success", archived ? `"${category.name}" archived` : `"${category.name}" restored`);
    } catch (error) {
      toast("error", toProblem(error).message);
    }
  };
  const list = categories.data ?? [];
  return (
    <>
      <PageHeader
        title="Categories"
        description="How money in and out is grouped in reports and budgets."
        actions={
          <Checkbox
            label="Show archived"
            checked={showArchived}
            onChange={(event) => setShowArchived(event.target.checked)}
          />
        }
      />
      <SettingsTabs />
      {categories.error ? (
        <ProblemAlert error={categories.error} onRetry={() => categories.refetch()} />
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-2">
        {(["income", "expense"] as const).map((kind) => {
          const rows = list.filter((category) => category.kind === kind);
          return (
            <Card key={kind}>
              <CardHeader
                title={kind === "income" ? "Money in" : "Money out"}
                description={`${rows.length} categor${rows.length === 1 ? "y" : "ies"}`}
                actions={
                  canManage ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => setEditing({ mode: "create", kind })}
                    >
                      <Plus aria-hidden /> New
                    </Button>
                  ) : null
                }
              />
              {categories.isPending ? (
                <div className="p-5">
                  <SkeletonList rows={5} />
                </div>
              ) : rows.length === 0 ? (
                <EmptyState icon={Tags} title="No categories" />
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
                          {category.name}
                        </span>
                        <span className="block text-[12px] text-ink-500">
                          {category.transactionCount} transaction{category.transactionCount === 1 ? "" : "s"}
                        </span>
                      </span>
                      {category.archivedAt ? (
                        <Badge>{category.mergedIntoCategoryId ? "Merged" : "Archived"}</Badge>
                      ) : null}
                      {category.systemKey ? <Badge tone="info">Default</Badge> : null}
                      {canManage && !category.mergedIntoCategoryId ? (
                        <DropdownMenu>
                          <DropdownMenuTrigger asChild>
                            <Button variant="ghost" size="icon" aria-label={`Actions for ${category.name}`}>
                              <MoreHorizontal aria-hidden />
                            </Button>
                          </DropdownMenuTrigger>
                          <DropdownMenuContent align="end">
                            <DropdownMenuItem onSelect={() => setEditing({ mode: "rename", category })}>
                              <Pencil aria-hidden /> Rename
                            </DropdownMenuItem>
                            {category.archivedAt ? (
                              <DropdownMenuItem onSelect={() => setArchived(category, false)}>
                                <ArchiveRestore aria-hidden /> Restore
                              </DropdownMenuItem>
                            ) : (
                              <>
                                <DropdownMenuItem onSelect={() => setEditing({ mode: "merge", category })}>
                                  <Combine aria-hidden /> Merge into…
                                </DropdownMenuItem>
                                <DropdownMenuItem onSelect={() => setArchived(category, true)}>
                                  <Archive aria-hidden /> Archive
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
