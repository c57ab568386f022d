import { ZUpdateBusinessSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRightLeft, DoorOpen, Trash2 } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Checkbox, Input, Select } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { Notice, ProblemAlert } from "../../ui/problem";
import { toast } from "../../ui/toast";
import {
  BusinessDeletionBanner,
  BusinessExportCard,
  useAnnounceDeletionScheduled,
} from "../data-rights/data-rights-cards";
import { businessName, useBusiness } from "../shell/business-context";
import { SettingsTabs } from "../shell/settings-tabs";
import { BusinessFormFields, businessToValues, valuesToBusinessInput } from "./business-form-fields";
import { LogoCard } from "./logo-card";

function DetailsForm() {
  const { t } = useTranslation("business");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const canManage = can("business.manage");
  const update = useMutation(trpc.business.update.mutationOptions());
  const form = useAppForm({
    defaultValues: businessToValues(business),
    schema: ZUpdateBusinessSchema,
    toInput: valuesToBusinessInput,
    onSubmit: async (input) => {
      await update.mutateAsync({ businessId: business.id, ...input });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.business.get.queryKey({ businessId: business.id }) }),
        queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
      ]);
      toast("success", t("settings.saved"));
    },
  });
  return (
    <AppForm form={form} problem="manual" className="">
      <Card>
        <CardHeader
          title={t("settings.details")}
          description={canManage ? t("settings.detailsHint") : t("settings.detailsReadOnly")}
        />
        <CardBody className="px-5 py-6 sm:px-7">
          <BusinessFormFields form={form} disabled={!canManage} />
          <FormProblem form={form} className="mt-2" />
        </CardBody>
        {canManage ? (
          <CardFooter>
            <Button type="submit" loading={form.submitting}>
              {t("settings.save")}
            </Button>
          </CardFooter>
        ) : null}
      </Card>
    </AppForm>
  );
}

function DangerRow({
  title,
  description,
  action,
}: {
  title: string;
  description: ReactNode;
  action: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="max-w-xl">
        <p className="text-sm font-medium text-ink-900">{title}</p>
        <p className="mt-0.5 text-[13px] text-ink-500">{description}</p>
      </div>
      <div className="shrink-0">{action}</div>
    </div>
  );
}

function LeaveDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation("business");
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const leave = useMutation(trpc.business.leave.mutationOptions());
  const problem = leave.error ? toProblem(leave.error) : null;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) leave.reset();
        onOpenChange(next);
      }}
      title={t("settings.leaveTitle", { name: businessName(business) })}
      description={t("settings.leaveBody")}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("settings.stay")}
          </Button>
          <Button
            variant="danger"
            loading={leave.isPending}
            onClick={() =>
              leave.mutate(
                { businessId: business.id },
                {
                  onSuccess: async () => {
                    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
                    toast("success", t("settings.left", { name: businessName(business) }));
                    navigate("/", { replace: true });
                  },
                },
              )
            }
          >
            {t("settings.leaveBusiness")}
          </Button>
        </>
      }
    >
      {problem ? (
        <ProblemAlert
          problem={problem}
          title={problem.reason === "LAST_OWNER" ? t("settings.lastOwner") : undefined}
        />
      ) : null}
    </Dialog>
  );
}

function TransferDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation(["business", "shell"]);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, membership } = useBusiness();
  const members = useQuery({ ...trpc.team.members.queryOptions({ businessId: business.id }), enabled: open });
  const transfer = useMutation(trpc.business.transferOwnership.mutationOptions());
  const [target, setTarget] = useState("");
  const [keepOwner, setKeepOwner] = useState(false);
  const candidates = (members.data ?? []).filter((member) => member.membershipId !== membership.id);
  const problem = transfer.error ? toProblem(transfer.error) : null;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("settings.transferTitle")}
      description={t("settings.transferBody")}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("settings.cancel")}
          </Button>
          <Button
            variant="danger"
            disabled={!target}
            loading={transfer.isPending}
            onClick={() =>
              transfer.mutate(
                { businessId: business.id, membershipId: target, keepOwnerRole: keepOwner },
                {
                  onSuccess: async () => {
                    await queryClient.invalidateQueries();
                    toast("success", t("settings.transferred"));
                    onOpenChange(false);
                  },
                },
              )
            }
          >
            {t("settings.transfer")}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        {members.isError ? <ProblemAlert error={members.error} /> : null}
        {members.data && candidates.length === 0 ? (
          <Notice>{t("settings.nobodyElse")}</Notice>
        ) : (
          <Field label={t("settings.newOwner")} error={problem?.fieldErrors?.membershipId?.[0]}>
            <Select
              value={target}
              onChange={(event) => setTarget(event.target.value)}
              placeholder={members.isPending ? t("settings.loadingMembers") : t("settings.chooseMember")}
              options={candidates.map((member) => ({
                value: member.membershipId,
                label: `${member.fullName} · ${t(`shell:role.${member.role}`)}`,
              }))}
            />
          </Field>
        )}
        <Checkbox
          label={t("settings.stayOwner")}
          description={t("settings.stayOwnerHint")}
          checked={keepOwner}
          onChange={(event) => setKeepOwner(event.target.checked)}
        />
        {problem && !problem.fieldErrors ? <ProblemAlert problem={problem} /> : null}
      </div>
    </Dialog>
  );
}

function DeleteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation("business");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const announceScheduled = useAnnounceDeletionScheduled();
  const remove = useMutation(trpc.business.delete.mutationOptions());
  const [confirmation, setConfirmation] = useState("");
  const matches = confirmation.trim().toLowerCase() === business.legalName.toLowerCase();
  const problem = remove.error ? toProblem(remove.error) : null;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("settings.deleteTitle")}
      description={t("settings.deleteBody")}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("settings.keep")}
          </Button>
          <Button
            variant="danger"
            disabled={!matches}
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(
                { businessId: business.id, confirmation },
                {
                  onSuccess: async ({ deleteAfter }) => {
                    announceScheduled(businessName(business), deleteAfter);
                    await queryClient.invalidateQueries({
                      queryKey: trpc.business.get.queryKey({ businessId: business.id }),
                    });
                    setConfirmation("");
                    onOpenChange(false);
                  },
                },
              )
            }
          >
            <Trash2 aria-hidden /> {t("settings.delete")}
          </Button>
        </>
      }
    >
      <Field
        label={
          <Trans
            t={t}
            i18nKey="settings.typeToConfirm"
            values={{ name: business.legalName }}
            components={{ strong: <span className="font-semibold text-ink-950" /> }}
          />
        }
        error={problem?.fieldErrors?.confirmation?.[0]}
      >
        <Input
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          autoComplete="off"
        />
      </Field>
      {problem && !problem.fieldErrors ? <ProblemAlert problem={problem} className="mt-3" /> : null}
    </Dialog>
  );
}

function DangerZone() {
  const { t } = useTranslation("business");
  const { business, can } = useBusiness();
  const isOwner = can("business.own");
  const [dialog, setDialog] = useState<"leave" | "transfer" | "delete" | null>(null);
  const close = (open: boolean) => !open && setDialog(null);
  return (
    <Card className="border-red-200">
      <CardHeader title={t("settings.danger")} description={t("settings.dangerHint")} />
      <div className="divide-y divide-ink-100">
        <DangerRow
          title={t("settings.leaveRow")}
          description={t("settings.leaveRowHint")}
          action={
            <Button variant="secondary" onClick={() => setDialog("leave")}>
              <DoorOpen aria-hidden /> {t("settings.leave")}
            </Button>
          }
        />
        {isOwner ? (
          <>
            <DangerRow
              title={t("settings.transferTitle")}
              description={t("settings.transferRowHint")}
              action={
                <Button variant="secondary" onClick={() => setDialog("transfer")}>
                  <ArrowRightLeft aria-hidden /> {t("settings.transfer")}
                </Button>
              }
            />
            <DangerRow
              title={t("settings.deleteRow")}
              description={t("settings.deleteRowHint")}
              action={
                <Button
                  variant="danger"
                  disabled={Boolean(business.deleteAfter)}
                  onClick={() => setDialog("delete")}
                >
                  <Trash2 aria-hidden /> {t("settings.delete")}
                </Button>
              }
            />
          </>
        ) : null}
      </div>
      <LeaveDialog open={dialog === "leave"} onOpenChange={close} />
      {isOwner ? (
        <>
          <TransferDialog open={dialog === "transfer"} onOpenChange={close} />
          <DeleteDialog open={dialog === "delete"} onOpenChange={close} />
        </>
      ) : null}
    </Card>
  );
}

export default function BusinessSettingsPage() {
  const { t } = useTranslation("business");
  const { business, can } = useBusiness();
  const isOwner = can("business.own");
  return (
    <>
      <PageHeader
        title={t("settings.title")}
        description={t("settings.description", { name: businessName(business) })}
      />
      <SettingsTabs />
      <div className="flex flex-col gap-6">
        {business.deleteAfter ? (
          <BusinessDeletionBanner
            businessId={business.id}
            name={businessName(business)}
            deleteAfter={business.deleteAfter}
            canRestore={isOwner}
          />
        ) : null}
        <DetailsForm key={business.updatedAt.getTime()} />
        <LogoCard />
        {isOwner ? <BusinessExportCard businessId={business.id} /> : null}
        <DangerZone />
      </div>
    </>
  );
}
