import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import {
  assignableRoles,
  GRANTABLE_MODULES,
  MODULE_LABELS,
  type Module,
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  type Role,
  ZInviteMemberSchema,
  ZUpdateMemberSchema,
} from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  MailPlus,
  MoreHorizontal,
  RotateCw,
  ShieldCheck,
  Trash2,
  UserPlus,
  Users,
  XCircle,
} from "lucide-react";
import { useState } from "react";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useZodForm } from "../../lib/form";
import { formatDate, formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Avatar } from "../../ui/avatar";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../ui/dropdown-menu";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Checkbox, Input, Select } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import { AccessDenied } from "../errors/access-denied";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { useMe } from "../shell/use-me";
import { EmailAllowanceNote } from "../verify-email/email-allowance-note";

type Member = inferRouterOutputs<AppRouter>["team"]["members"][number];
type Invitation = inferRouterOutputs<AppRouter>["team"]["invitations"][number];

const roleTone = { owner: "brand", admin: "info", staff: "neutral", viewer: "neutral" } as const;

function ModulePicker({
  value,
  onChange,
  error,
}: {
  value: Module[];
  onChange: (modules: Module[]) => void;
  error?: string | undefined;
}) {
  return (
    <fieldset>
      <legend className="text-[13px] font-medium text-ink-800">Modules</legend>
      <p className="mt-0.5 text-[13px] text-ink-500">Staff see and work only inside these.</p>
      <div className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2.5">
        {GRANTABLE_MODULES.map((module) => (
          <Checkbox
            key={module}
            label={MODULE_LABELS[module]}
            checked={value.includes(module)}
            onChange={(event) =>
              onChange(event.target.checked ? [...value, module] : value.filter((item) => item !== module))
            }
          />
        ))}
      </div>
      {error ? <p className="mt-2 text-[13px] font-medium text-red-700">{error}</p> : null}
    </fieldset>
  );
}

function RoleField({
  roles,
  value,
  onChange,
  error,
}: {
  roles: Role[];
  value: string;
  onChange: (role: Role) => void;
  error?: string | undefined;
}) {
  return (
    <Field label="Role" error={error} description={value ? ROLE_DESCRIPTIONS[value as Role] : undefined}>
      <Select
        value={value}
        onChange={(event) => onChange(event.target.value as Role)}
        options={roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
      />
    </Field>
  );
}

function InviteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, membership } = useBusiness();
  const invite = useMutation(trpc.team.invite.mutationOptions());
  const roles = assignableRoles(membership.role);
  const form = useZodForm({
    initialValues: { email: "", role: "staff" as Role, modules: ["transactions"] as Module[] },
    schema: ZInviteMemberSchema,
    toInput: (values) => ({ ...values, modules: values.role === "staff" ? values.modules : [] }),
    onSubmit: async (input) => {
      await invite.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({
        queryKey: trpc.team.invitations.queryKey({ businessId: business.id }),
      });
      await queryClient.invalidateQueries({
        queryKey: trpc.business.emailAllowance.queryKey({ businessId: business.id }),
      });
      toast("success", "Invitation sent", {
        description: `We emailed ${input.email.trim()} a link to join.`,
      });
      form.setValues({ email: "", role: "staff", modules: ["transactions"] });
      onOpenChange(false);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Invite a colleague"
      description={`They'll get an email with a link to join. It works for 7 days.`}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" form="invite-form" loading={form.submitting}>
            <MailPlus aria-hidden /> Send invitation
          </Button>
        </>
      }
    >
      <form
        id="invite-form"
        ref={form.formRef}
        onSubmit={form.handleSubmit}
        noValidate
        className="flex flex-col gap-4"
      >
        <EmailAllowanceNote kind="invitation" />
        <Field label="Email" error={form.error("email")}>
          <Input
            type="email"
            inputMode="email"
            autoFocus
            placeholder="colleague@example.co.ke"
            {...form.text("email")}
          />
        </Field>
        <RoleField
          roles={roles}
          value={form.values.role}
          onChange={(role) => form.setValue("role", role)}
          error={form.error("role")}
        />
        {form.values.role === "staff" ? (
          <ModulePicker
            value={form.values.modules}
            onChange={(modules) => form.setValue("modules", modules)}
            error={form.error("modules")}
          />
        ) : null}
        {form.problem && !form.problem.fieldErrors ? <ProblemAlert problem={form.problem} /> : null}
      </form>
    </Dialog>
  );
}

function EditMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, membership } = useBusiness();
  const update = useMutation(trpc.team.updateMember.mutationOptions());
  const roles = assignableRoles(membership.role);
  const form = useZodForm({
    initialValues: { role: member.role as Role, modules: member.modules as Module[] },
    schema: ZUpdateMemberSchema,
    toInput: (values) => ({
      membershipId: member.membershipId,
      role: values.role,
      modules: values.role === "staff" ? values.modules : [],
    }),
    onSubmit: async (input) => {
      await update.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({
        queryKey: trpc.team.members.queryKey({ businessId: business.id }),
      });
      toast("success", "Access updated", {
        description: `${member.fullName} is now ${ROLE_LABELS[input.role ?? member.role].toLowerCase()}.`,
      });
      onClose();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Change access for ${member.fullName}`}
      description={member.email}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="member-form" loading={form.submitting}>
            Save changes
          </Button>
        </>
      }
    >
      <form
        id="member-form"
        ref={form.formRef}
        onSubmit={form.handleSubmit}
        noValidate
        className="flex flex-col gap-4"
      >
        <RoleField
          roles={roles}
          value={form.values.role}
          onChange={(role) => form.setValue("role", role)}
          error={form.error("role")}
        />
        {form.values.role === "staff" ? (
          <ModulePicker
            value={form.values.modules}
            onChange={(modules) => form.setValue("modules", modules)}
            error={form.error("modules")}
          />
        ) : null}
        {form.problem && !form.problem.fieldErrors ? (
          <ProblemAlert
            problem={form.problem}
            title={form.problem.reason === "LAST_OWNER" ? "Every business needs an owner" : undefined}
          />
        ) : null}
      </form>
    </Dialog>
  );
}

function RemoveMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const remove = useMutation(trpc.team.removeMember.mutationOptions());
  const problem = remove.error ? toProblem(remove.error) : null;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Remove ${member.fullName}?`}
      description={`They lose access to ${business.tradingName || business.legalName} at once. Their past work stays in the records.`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(
                { businessId: business.id, membershipId: member.membershipId },
                {
                  onSuccess: async () => {
                    await queryClient.invalidateQueries({
                      queryKey: trpc.team.members.queryKey({ businessId: business.id }),
                    });
                    toast("success", `${member.fullName} was removed`);
                    onClose();
                  },
                },
              )
            }
          >
            <Trash2 aria-hidden /> Remove
          </Button>
        </>
      }
    >
      {problem ? (
        <ProblemAlert
          problem={problem}
          title={problem.reason === "LAST_OWNER" ? "Every business needs an owner" : undefined}
        />
      ) : null}
    </Dialog>
  );
}

function MembersCard({ canManage, onInvite }: { canManage: boolean; onInvite: () => void }) {
  const trpc = useTRPC();
  const { business, membership } = useBusiness();
  const me = useMe();
  const members = useQuery(trpc.team.members.queryOptions({ businessId: business.id }));
  const [editing, setEditing] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const myId = me.data?.user.id;
  const manageable = (member: Member) =>
    canManage && member.userId !== myId && (membership.role === "owner" || member.role !== "owner");

  return (
    <Card>
      <CardHeader
        title="Members"
        description={
          members.data
            ? `${members.data.length} ${members.data.length === 1 ? "person" : "people"} can use this business.`
            : undefined
        }
      />
      {members.isPending ? (
        <div className="p-5">
          <SkeletonList label="Loading members" />
        </div>
      ) : members.isError ? (
        <div className="p-5">
          <ProblemAlert error={members.error} onRetry={() => void members.refetch()} />
        </div>
      ) : members.data.length <= 1 && canManage ? (
        <>
          <MemberTable
            members={members.data}
            myId={myId}
            manageable={manageable}
            onEdit={setEditing}
            onRemove={setRemoving}
            timeZone={business.timezone}
          />
          <EmptyState
            icon={Users}
            title="It's just you for now"
            description="Invite your accountant, a shop manager or a partner, and choose exactly what each can see."
            action={
              <Button onClick={onInvite}>
                <UserPlus aria-hidden /> Invite someone
              </Button>
            }
          />
        </>
      ) : (
        <MemberTable
          members={members.data}
          myId={myId}
          manageable={manageable}
          onEdit={setEditing}
          onRemove={setRemoving}
          timeZone={business.timezone}
        />
      )}
      {editing ? <EditMemberDialog member={editing} onClose={() => setEditing(null)} /> : null}
      {removing ? <RemoveMemberDialog member={removing} onClose={() => setRemoving(null)} /> : null}
    </Card>
  );
}

function MemberTable({
  members,
  myId,
  manageable,
  onEdit,
  onRemove,
  timeZone,
}: {
  members: Member[];
  myId: string | undefined;
  manageable: (member: Member) => boolean;
  onEdit: (member: Member) => void;
  onRemove: (member: Member) => void;
  timeZone: string;
}) {
  return (
    <Table aria-label="Team members">
      <THead>
        <tr>
          <TH>Member</TH>
          <TH>Role</TH>
          <TH className="hidden md:table-cell">Modules</TH>
          <TH className="hidden lg:table-cell">Last active</TH>
          <TH className="w-12 px-3">
            <span className="sr-only">Actions</span>
          </TH>
        </tr>
      </THead>
      <tbody>
        {members.map((member) => (
          <TR key={member.membershipId}>
            {/* w-full + max-w-0: this column takes the room left and truncates, so actions stay on screen on phones. */}
            <TD className="w-full max-w-0">
              <div className="flex items-center gap-3">
                <Avatar name={member.fullName} />
                <div className="min-w-0">
                  <p className="truncate font-medium text-ink-900">
                    {member.fullName}
                    {member.userId === myId ? (
                      <span className="ml-1.5 text-xs font-normal text-ink-500">(you)</span>
                    ) : null}
                  </p>
                  <p className="truncate text-[13px] text-ink-500">{member.email}</p>
                  {member.role === "staff" && member.modules.length > 0 ? (
                    <p className="truncate text-xs text-ink-500 md:hidden">
                      {member.modules.map((module) => MODULE_LABELS[module]).join(", ")}
                    </p>
                  ) : null}
                </div>
              </div>
            </TD>
            <TD>
              <Badge tone={roleTone[member.role]}>{ROLE_LABELS[member.role]}</Badge>
            </TD>
            <TD className="hidden md:table-cell">
              {member.role === "staff" ? (
                member.modules.length > 0 ? (
                  <span className="flex flex-wrap gap-1">
                    {member.modules.map((module) => (
                      <Badge key={module}>{MODULE_LABELS[module]}</Badge>
                    ))}
                  </span>
                ) : (
                  <span className="text-[13px] text-ink-400">No modules</span>
                )
              ) : (
                <span className="text-[13px] text-ink-500">All</span>
              )}
            </TD>
            <TD className="hidden text-[13px] text-ink-500 lg:table-cell">
              {member.lastSignInAt
                ? formatRelative(member.lastSignInAt, timeZone)
                : `Joined ${formatDate(member.joinedAt, timeZone)}`}
            </TD>
            <TD>
              {manageable(member) ? (
                <DropdownMenu>
                  <DropdownMenuTrigger
                    className="grid size-8 place-items-center rounded-md text-ink-500 hover:bg-ink-100 hover:text-ink-900"
                    aria-label={`Actions for ${member.fullName}`}
                  >
                    <MoreHorizontal className="size-4" aria-hidden />
                  </DropdownMenuTrigger>
                  <DropdownMenuContent>
                    <DropdownMenuItem onSelect={() => onEdit(member)}>
                      <ShieldCheck aria-hidden /> Change role or modules
                    </DropdownMenuItem>
                    <DropdownMenuSeparator />
                    <DropdownMenuItem tone="danger" onSelect={() => onRemove(member)}>
                      <Trash2 aria-hidden /> Remove from business
                    </DropdownMenuItem>
                  </DropdownMenuContent>
                </DropdownMenu>
              ) : null}
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

function InvitationsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const invitations = useQuery(trpc.team.invitations.queryOptions({ businessId: business.id }));
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.team.invitations.queryKey({ businessId: business.id }) });
  const onError = (error: unknown) => {
    const problem = toProblem(error);
    toast("error", problem.message, { requestId: problem.requestId });
  };
  const resend = useMutation(
    trpc.team.resendInvitation.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast("success", "Invitation sent again", { description: "The old link no longer works." });
      },
      onError,
    }),
  );
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast("success", "Invitation withdrawn");
      },
      onError,
    }),
  );
  if (invitations.isPending || (invitations.data && invitations.data.length === 0)) return null;
  return (
    <Card>
      <CardHeader title="Pending invitations" description="People who haven't joined yet." />
      {invitations.isError ? (
        <div className="p-5">
          <ProblemAlert error={invitations.error} onRetry={() => void invitations.refetch()} />
        </div>
      ) : (
        <ul className="divide-y divide-ink-100">
          {invitations.data.map((invitation: Invitation) => {
            const expired = invitation.expiresAt.getTime() < Date.now();
            return (
              <li key={invitation.id} className="flex flex-col gap-3 px-5 py-3.5 sm:flex-row sm:items-center">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-ink-900">{invitation.email}</p>
                  <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-[13px] text-ink-500">
                    <Badge tone={roleTone[invitation.role]}>{ROLE_LABELS[invitation.role]}</Badge>
                    {invitation.role === "staff" && invitation.modules.length > 0 ? (
                      <span>
                        {invitation.modules.map((module) => MODULE_LABELS[module as Module]).join(", ")}
                      </span>
                    ) : null}
                    <span aria-hidden>·</span>
                    {expired ? (
                      <Badge tone="warning">Expired</Badge>
                    ) : (
                      <span>Expires {formatDate(invitation.expiresAt, business.timezone)}</span>
                    )}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button
                    variant="secondary"
                    size="sm"
                    loading={resend.isPending && resend.variables?.invitationId === invitation.id}
                    onClick={() => resend.mutate({ businessId: business.id, invitationId: invitation.id })}
                  >
                    <RotateCw aria-hidden /> Resend
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={revoke.isPending && revoke.variables?.invitationId === invitation.id}
                    onClick={() => revoke.mutate({ businessId: business.id, invitationId: invitation.id })}
                  >
                    <XCircle aria-hidden /> Revoke
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function TeamContent() {
  const { business, can } = useBusiness();
  const canManage = can({ module: "team", access: "manage" });
  const [inviting, setInviting] = useState(false);
  const trpc = useTRPC();
  const members = useQuery(trpc.team.members.queryOptions({ businessId: business.id }));
  const forbidden =
    members.error && toProblem(members.error).kind === "forbidden" ? toProblem(members.error) : null;
  if (forbidden) return <AccessDenied message={forbidden.message} homePath={businessPath(business.id)} />;
  return (
    <>
      <PageHeader
        title="Team"
        description="Who can use this business, and what each person can see and do."
        actions={
          canManage ? (
            <Button onClick={() => setInviting(true)}>
              <UserPlus aria-hidden /> Invite
            </Button>
          ) : null
        }
      />
      <SettingsTabs />
      <div className="flex flex-col gap-6">
        <MembersCard canManage={canManage} onInvite={() => setInviting(true)} />
        {canManage ? <InvitationsCard /> : null}
      </div>
      {canManage ? <InviteDialog open={inviting} onOpenChange={setInviting} /> : null}
    </>
  );
}

export default function TeamPage() {
  return (
    <RequireAccess requirement={{ module: "team", access: "read" }}>
      <TeamContent />
    </RequireAccess>
  );
}
