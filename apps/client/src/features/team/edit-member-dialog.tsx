import { assignableRoles, type Module, type Role, ZUpdateMemberSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { AccessFields, modulesForRole } from "./access-fields";
import type { Member } from "./team-types";

/** Changes a member's role and modules; the API keeps at least one owner. */
export function EditMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useTranslation(["team", "shell"]);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, membership } = useBusiness();
  const update = useMutation(trpc.team.updateMember.mutationOptions());
  const roles = assignableRoles(membership.role);
  const form = useAppForm({
    defaultValues: { role: member.role as Role, modules: member.modules as Module[] },
    schema: ZUpdateMemberSchema,
    toInput: (values) => ({
      membershipId: member.membershipId,
      role: values.role,
      modules: modulesForRole(values),
    }),
    onSubmit: async (input) => {
      await update.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({
        queryKey: trpc.team.members.queryKey({ businessId: business.id }),
      });
      toast("success", t("edit.updated"), {
        description: t("edit.nowRole", {
          name: member.fullName,
          role: t(`shell:role.${input.role ?? member.role}`).toLowerCase(),
        }),
      });
      onClose();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("edit.title", { name: member.fullName })}
      description={member.email}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("edit.cancel")}
          </Button>
          <Button type="submit" form="member-form" loading={form.submitting}>
            {t("edit.save")}
          </Button>
        </>
      }
    >
      <AppForm
        form={form}
        id="member-form"
        problemTitle={(problem) => (problem.reason === "LAST_OWNER" ? t("edit.needsOwner") : undefined)}
      >
        <AccessFields form={form} roles={roles} />
      </AppForm>
    </Dialog>
  );
}
