import { ROLE_LABELS, ZUpdateBusinessSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRightLeft, DoorOpen, Trash2 } from "lucide-react";
import { type ReactNode, useState } from "react";
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
import { businessName, useBusiness } from "../shell/business-context";
import { SettingsTabs } from "../shell/settings-tabs";
import { BusinessFormFields, businessToValues, valuesToBusinessInput } from "./business-form-fields";
import { LogoCard } from "./logo-card";

function DetailsForm() {
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
      toast("success", "Business details saved");
    },
  });
  return (
    <AppForm form={form} problem="manual" className="">
      <Card>
        <CardHeader
          title="Business details"
          description={
            canManage ? "Shown on invoices and used in reports." : "Only an owner or admin can change these."
          }
        />
        <CardBody className="px-5 py-6 sm:px-7">
          <BusinessFormFields form={form} disabled={!canManage} />
          <FormProblem form={form} className="mt-2" />
        </CardBody>
        {canManage ? (
          <CardFooter>
            <Button type="submit" loading={form.submitting}>
              Save changes
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
      title={`Leave ${businessName(business)}?`}
      description="You'll lose access straight away. To come back, someone will have to invite you again."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Stay
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
                    toast("success", `You left ${businessName(business)}`);
                    navigate("/", { replace: true });
                  },
                },
              )
            }
          >
            Leave business
          </Button>
        </>
      }
    >
      {problem ? (
        <ProblemAlert
          problem={problem}
          title={problem.reason === "LAST_OWNER" ? "You're the last owner" : undefined}
        />
      ) : null}
    </Dialog>
  );
}

function TransferDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
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
      title="Transfer ownership"
      description="The new owner gets full control, including deleting the business."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
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
                    toast("success", "Ownership transferred");
                    onOpenChange(false);
                  },
                },
              )
            }
          >
            Transfer
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        {members.isError ? <ProblemAlert error={members.error} /> : null}
        {members.data && candidates.length === 0 ? (
          <Notice>There's nobody else in the business yet. Invite someone first.</Notice>
        ) : (
          <Field label="New owner" error={problem?.fieldErrors?.membershipId?.[0]}>
            <Select
              value={target}
              onChange={(event) => setTarget(event.target.value)}
              placeholder={members.isPending ? "Loading members…" : "Choose a member"}
              options={candidates.map((member) => ({
                value: member.membershipId,
                label: `${member.fullName} · ${ROLE_LABELS[member.role]}`,
              }))}
            />
          </Field>
        )}
        <Checkbox
          label="Stay an owner too"
          description="Otherwise you become an admin."
          checked={keepOwner}
          onChange={(event) => setKeepOwner(event.target.checked)}
        />
        {problem && !problem.fieldErrors ? <ProblemAlert problem={problem} /> : null}
      </div>
    </Dialog>
  );
}

function DeleteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const remove = useMutation(trpc.business.delete.mutationOptions());
  const [confirmation, setConfirmation] = useState("");
  const matches = confirmation.trim().toLowerCase() === business.legalName.toLowerCase();
  const problem = remove.error ? toProblem(remove.error) : null;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Delete this business?"
      description="Everything in it is deleted for everyone: members, invitations and records. This can't be undone."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Keep the business
          </Button>
          <Button
            variant="danger"
            disabled={!matches}
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(
                { businessId: business.id, confirmation },
                {
                  onSuccess: async () => {
                    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
                    toast("success", `${business.legalName} was deleted`);
                    navigate("/", { replace: true });
                  },
                },
              )
            }
          >
            <Trash2 aria-hidden /> Delete forever
          </Button>
        </>
      }
    >
      <Field
        label={
          <>
            Type <span className="font-semibold text-ink-950">{business.legalName}</span> to confirm
          </>
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
  const { can } = useBusiness();
  const isOwner = can("business.own");
  const [dialog, setDialog] = useState<"leave" | "transfer" | "delete" | null>(null);
  const close = (open: boolean) => !open && setDialog(null);
  return (
    <Card className="border-red-200">
      <CardHeader title="Danger zone" description="Changes here are hard or impossible to undo." />
      <div className="divide-y divide-ink-100">
        <DangerRow
          title="Leave this business"
          description="You lose access. The last owner can't leave: make someone else an owner first."
          action={
            <Button variant="secondary" onClick={() => setDialog("leave")}>
              <DoorOpen aria-hidden /> Leave
            </Button>
          }
        />
        {isOwner ? (
          <>
            <DangerRow
              title="Transfer ownership"
              description="Hand the business to another member."
              action={
                <Button variant="secondary" onClick={() => setDialog("transfer")}>
                  <ArrowRightLeft aria-hidden /> Transfer
                </Button>
              }
            />
            <DangerRow
              title="Delete business"
              description="Deletes the business and everything in it, for everyone."
              action={
                <Button variant="danger" onClick={() => setDialog("delete")}>
                  <Trash2 aria-hidden /> Delete
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
  const { business } = useBusiness();
  return (
    <>
      <PageHeader
        title="Business settings"
        description={`Details and ownership of ${businessName(business)}.`}
      />
      <SettingsTabs />
      <div className="flex flex-col gap-6">
        <DetailsForm key={business.updatedAt.getTime()} />
        <LogoCard />
        <DangerZone />
      </div>
    </>
  );
}
