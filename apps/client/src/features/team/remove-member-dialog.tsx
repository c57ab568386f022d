import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { ProblemAlert } from "../../ui/problem";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import type { Member } from "./team-types";

/** Confirms taking someone's access away; the API refuses to remove the last owner. */
export function RemoveMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useTranslation("team");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const remove = useMutation(trpc.team.removeMember.mutationOptions());
  const problem = remove.error ? toProblem(remove.error) : null;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("remove.title", { name: member.fullName })}
      description={t("remove.body", { business: business.tradingName || business.legalName })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("remove.cancel")}
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
                    toast("success", t("remove.removed", { name: member.fullName }));
                    onClose();
                  },
                },
              )
            }
          >
            <Trash2 aria-hidden /> {t("remove.remove")}
          </Button>
        </>
      }
    >
      {problem ? (
        <ProblemAlert
          problem={problem}
          title={problem.reason === "LAST_OWNER" ? t("remove.needsOwner") : undefined}
        />
      ) : null}
    </Dialog>
  );
}
