import { assignableRoles, type Module, type Role, ZInviteMemberSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MailPlus } from "lucide-react";
import { useTranslation } from "react-i18next";
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
  const { t } = useTranslation("team");
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
      toast("success", t("inviteDialog.sent"), {
        description: t("inviteDialog.sentTo", { email: input.email.trim() }),
      });
      form.reset(NEW_INVITATION);
      onOpenChange(false);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("inviteDialog.title")}
      description={t("inviteDialog.description")}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("inviteDialog.cancel")}
          </Button>
          <Button type="submit" form="invite-form" loading={form.submitting}>
            <MailPlus aria-hidden /> {t("inviteDialog.send")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="invite-form">
        <EmailAllowanceNote kind="invitation" />
        <Field label={t("inviteDialog.email")} error={form.error("email")}>
          <Input
            type="email"
            inputMode="email"
            autoFocus
            placeholder={t("inviteDialog.emailPlaceholder")}
            {...form.register("email")}
          />
        </Field>
        <AccessFields form={form} roles={roles} />
      </AppForm>
    </Dialog>
  );
}
