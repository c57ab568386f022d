import { ZAddLendingOfficerSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus, Users } from "lucide-react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";

/** Who works the desk besides super-admins: add an existing account by email, remove. Super-admins only. */
export function OfficersCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation("lending");
  const officers = useQuery(trpc.lending.officers.list.queryOptions());
  const add = useMutation(trpc.lending.officers.add.mutationOptions());
  const remove = useMutation(trpc.lending.officers.remove.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.lending.officers.list.queryKey() });
  const form = useAppForm({
    defaultValues: { email: "" },
    schema: ZAddLendingOfficerSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      const user = await add.mutateAsync(input);
      await refresh();
      toast("success", t("officers.added", { name: user.fullName }));
      form.reset({ email: "" });
    },
  });
  const onRemove = async (userId: string, name: string) => {
    try {
      await remove.mutateAsync({ userId });
      await refresh();
      toast("success", t("officers.removed", { name }));
    } catch (error) {
      toast("error", toProblem(error).message);
    }
  };

  return (
    <Card>
      <CardHeader title={t("officers.title")} description={t("officers.description")} />
      <CardBody className="flex flex-col gap-4">
        <AppForm
          form={form}
          id="lending-officer-form"
          className="flex flex-col gap-2 sm:flex-row sm:items-start"
        >
          <Field label={t("officers.email")} error={form.error("email")} className="sm:flex-1">
            <Input type="email" inputMode="email" autoComplete="off" {...form.register("email")} />
          </Field>
          <Button type="submit" loading={form.submitting} className="sm:mt-6">
            <UserPlus aria-hidden /> {t("officers.add")}
          </Button>
        </AppForm>
        {officers.error ? (
          <ProblemAlert error={officers.error} onRetry={() => void officers.refetch()} />
        ) : officers.isPending ? (
          <SkeletonList rows={2} label={t("desk.loading")} />
        ) : officers.data.length === 0 ? (
          <EmptyState icon={Users} title={t("officers.empty")} />
        ) : (
          <ul className="flex flex-col divide-y divide-ink-100">
            {officers.data.map((officer) => (
              <li key={officer.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="truncate font-medium text-ink-900">{officer.fullName}</p>
                  <p className="truncate text-[13px] text-ink-500">
                    {officer.email}
                    {officer.addedByName ? ` · ${t("officers.addedBy", { name: officer.addedByName })}` : ""}
                  </p>
                </div>
                <Button
                  variant="secondary"
                  size="sm"
                  loading={remove.isPending && remove.variables?.userId === officer.userId}
                  onClick={() => void onRemove(officer.userId, officer.fullName)}
                >
                  {t("officers.remove")}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
