import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Inbox, MailWarning } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { businessPath } from "../../app/navigation";
import { useLocale, useProblemMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Avatar } from "../../ui/avatar";
import { Badge } from "../../ui/badge";
import { Button, ButtonLink } from "../../ui/button";
import { Card } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useMe } from "../shell/use-me";

/** Invitations addressed to the signed-in user (from auth.me), accepted without the emailed link. */
export default function MyInvitationsPage() {
  const { t } = useTranslation(["team", "shell"]);
  const { locale } = useLocale();
  const problemMessage = useProblemMessage();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
  const onError = (error: unknown) => {
    const problem = toProblem(error);
    toast("error", problemMessage(problem), { requestId: problem.requestId });
    void refresh();
  };
  const accept = useMutation(
    trpc.invitations.acceptById.mutationOptions({
      onSuccess: async ({ businessId }) => {
        await refresh();
        navigate(businessPath(businessId));
      },
      onError,
    }),
  );
  const decline = useMutation(
    trpc.invitations.declineById.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", t("mine.declined"));
      },
      onError,
    }),
  );
  const invitations = me.data?.pendingInvitations ?? [];
  return (
    <>
      <PageHeader title={t("mine.title")} description={t("mine.description")} />
      <Card>
        {me.isPending ? (
          <div className="p-5">
            <SkeletonList rows={2} label={t("mine.loading")} />
          </div>
        ) : me.isError ? (
          <div className="p-5">
            <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
          </div>
        ) : !me.data.user.emailVerified ? (
          <EmptyState
            icon={MailWarning}
            title={t("mine.confirmTitle")}
            description={t("mine.confirmBody", { email: me.data.user.email })}
            action={<ButtonLink to="/verify-email">{t("mine.confirm")}</ButtonLink>}
          />
        ) : invitations.length === 0 ? (
          <EmptyState
            icon={Inbox}
            title={t("mine.emptyTitle")}
            description={t("mine.emptyBody")}
            action={
              <ButtonLink to="/onboarding" variant="secondary">
                {t("mine.createOwn")}
              </ButtonLink>
            }
          />
        ) : (
          <ul className="divide-y divide-ink-100">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center">
                <Avatar name={invitation.businessName} square />
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-ink-900">{invitation.businessName}</p>
                  <p className="mt-0.5 flex items-center gap-2 text-[13px] text-ink-500">
                    <Badge tone="brand">{t(`shell:role.${invitation.role}`)}</Badge>{" "}
                    {t("mine.expires", { date: formatDate(invitation.expiresAt, undefined, locale) })}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button
                    loading={accept.isPending && accept.variables?.invitationId === invitation.id}
                    onClick={() => accept.mutate({ invitationId: invitation.id })}
                  >
                    {t("mine.accept")}
                  </Button>
                  <Button
                    variant="ghost"
                    loading={decline.isPending && decline.variables?.invitationId === invitation.id}
                    onClick={() => decline.mutate({ invitationId: invitation.id })}
                  >
                    {t("mine.decline")}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
