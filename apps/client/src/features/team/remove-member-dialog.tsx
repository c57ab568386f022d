import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
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
