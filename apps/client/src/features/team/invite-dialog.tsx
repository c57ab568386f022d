import { assignableRoles, type Module, type Role, ZInviteMemberSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MailPlus } from "lucide-react";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { EmailAllowanceNote } from "../verify-email/email-allowance-note";
import { AccessFields, modulesForRole } from "./access-fields";

const NEW_INVITATION = { email: "", role: "staff" as Role, modules: ["transactions"] as Module[] };

/** Emails someone a link to join with the chosen role (and modules, for staff). */
export function InviteDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, membership } = useBusiness();
  const invite = useMutation(trpc.team.invite.mutationOptions());
  const roles = assignableRoles(membership.role);
  const form = useAppForm({
    defaultValues: NEW_INVITATION,
    schema: ZInviteMemberSchema,
    toInput: (values) => ({ ...values, modules: modulesForRole(values) }),
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
      form.reset(NEW_INVITATION);
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
      <AppForm form={form} id="invite-form">
        <EmailAllowanceNote kind="invitation" />
        <Field label="Email" error={form.error("email")}>
          <Input
            type="email"
            inputMode="email"
            autoFocus
            placeholder="colleague@example.co.ke"
            {...form.register("email")}
          />
        </Field>
        <AccessFields form={form} roles={roles} />
      </AppForm>
    </Dialog>
  );
}
