import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RotateCw, XCircle } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useLocale, useProblemMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { ProblemAlert } from "../../ui/problem";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { type Invitation, roleTone } from "./team-types";

/** Invitations not yet accepted: resend or withdraw them. */
export function InvitationsCard() {
  const { t } = useTranslation(["team", "shell"]);
  const { locale } = useLocale();
  const problemMessage = useProblemMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const invitations = useQuery(trpc.team.invitations.queryOptions({ businessId: business.id }));
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.team.invitations.queryKey({ businessId: business.id }) });
  const onError = (error: unknown) => {
    const problem = toProblem(error);
    toast("error", problemMessage(problem), { requestId: problem.requestId });
  };
  const resend = useMutation(
    trpc.team.resendInvitation.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast("success", t("pending.resent"), { description: t("pending.oldLink") });
      },
      onError,
    }),
  );
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast("success", t("pending.withdrawn"));
      },
      onError,
    }),
  );
  if (invitations.isPending || (invitations.data && invitations.data.length === 0)) return null;
  return (
    <Card>
      <CardHeader title={t("pending.title")} description={t("pending.description")} />
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
                    <Badge tone={roleTone[invitation.role]}>{t(`shell:role.${invitation.role}`)}</Badge>
                    {invitation.role === "staff" && invitation.modules.length > 0 ? (
                      <span>
                        {invitation.modules.map((module) => t(`shell:module.${module}`)).join(", ")}
                      </span>
                    ) : null}
                    <span aria-hidden>·</span>
                    {expired ? (
                      <Badge tone="warning">{t("pending.expired")}</Badge>
                    ) : (
                      <span>
                        {t("pending.expires", {
                          date: formatDate(invitation.expiresAt, business.timezone, locale),
                        })}
                      </span>
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
                    <RotateCw aria-hidden /> {t("pending.resend")}
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={revoke.isPending && revoke.variables?.invitationId === invitation.id}
                    onClick={() => revoke.mutate({ businessId: business.id, invitationId: invitation.id })}
                  >
                    <XCircle aria-hidden /> {t("pending.revoke")}
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
