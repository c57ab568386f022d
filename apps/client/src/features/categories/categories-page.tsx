import { CATEGORY_COLORS, type CategoryKind } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Combine, MoreHorizontal, Pencil, Plus, Tags } from "lucide-react";
import { useState } from "react";
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
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { type CategoryItem, useCategories } from "../transactions/ledger";

type Editing =
  | { mode: "create"; kind: CategoryKind }
  | { mode: "rename"; category: CategoryItem }
  | { mode: "merge"; category: CategoryItem };

function CategoryDialog({
  editing,
  categories,
  onClose,
}: {
  editing: Editing;
  categories: CategoryItem[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const create = useMutation(trpc.categories.create.mutationOptions());
  const update = useMutation(trpc.categories.update.mutationOptions());
  const merge = useMutation(trpc.categories.merge.mutationOptions());
  const [name, setName] = useState(editing.mode === "rename" ? editing.category.name : "");
  const [color, setColor] = useState<string>(
    editing.mode === "rename" ? (editing.category.color ?? CATEGORY_COLORS[0]) : CATEGORY_COLORS[0],
  );
  const [target, setTarget] = useState("");
  const [error, setError] = useState<ReturnType<typeof toProblem> | null>(null);
  const pending = create.isPending || update.isPending || merge.isPending;
  const submit = async () => {
    setError(null);
    try {
      if (editing.mode === "create")
        await create.mutateAsync({ businessId: business.id, kind: editing.kind, name, color });
      if (editing.mode === "rename")
        await update.mutateAsync({ businessId: business.id, categoryId: editing.category.id, name, color });
      if (editing.mode === "merge") {
        const result = await merge.mutateAsync({
          businessId: business.id,
          sourceCategoryId: editing.category.id,
          targetCategoryId: target,
        });
        toast("success", `Merged into ${result.target.name}`, {
          description: `${result.transactionsMoved} transactions and ${result.budgetsMoved + result.budgetsCombined} budgets moved.`,
        });
      }
      await queryClient.invalidateQueries({ queryKey: trpc.categories.pathKey() });
      onClose();
    } catch (caught) {
      setError(toProblem(caught));
    }
  };
  const title =
    editing.mode === "create"
      ? `New ${editing.kind} category`
      : editing.mode === "rename"
        ? `Rename "${editing.category.name}"`
        : `Merge "${editing.category.name}" into…`;
  const targets =
    editing.mode === "merge"
      ? categories.filter(
          (category) =>
            category.kind === editing.category.kind &&
            category.id !== editing.category.id &&
            !category.archivedAt,
        )
      : [];
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      title={title}
      description={
        editing.mode === "merge"
          ? "Its transactions and budgets move to the category you choose; then it is archived. This cannot be undone."
          : undefined
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={submit}
            loading={pending}
            disabled={editing.mode === "merge" ? !target : !name.trim()}
          >
            {editing.mode === "merge" ? "Merge" : "Save"}
          </Button>
        </>
      }
    >
      {editing.mode === "merge" ? (
        <Field label="Merge into">
          <Select
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            placeholder="Choose a category"
            options={targets.map((category) => ({ value: category.id, label: category.name }))}
          />
        </Field>
      ) : (
        <div className="flex flex-col gap-4">
          <Field label="Name" error={error?.fieldErrors?.name?.[0]}>
            <Input value={name} onChange={(event) => setName(event.target.value)} autoFocus />
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
                  onClick={() => setColor(swatch)}
                  className="size-7 rounded-full ring-offset-2 aria-pressed:ring-2 aria-pressed:ring-ink-900"
                  style={{ background: swatch }}
                />
              ))}
            </div>
          </fieldset>
        </div>
      )}
      {error && !error.fieldErrors?.name ? <ProblemAlert problem={error} className="mt-4" /> : null}
    </Dialog>
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
