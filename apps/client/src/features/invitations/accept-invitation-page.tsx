import { MODULES, type Module, type Role } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, CircleAlert, Clock } from "lucide-react";
import { useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { useLocale } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { useSession } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button, ButtonLink } from "../../ui/button";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { FullPageSpinner } from "../../ui/spinner";
import { AuthLayout } from "../auth/auth-layout";
import { CheckEmailStep, type PendingSignUp } from "../auth/check-email-step";
import { SignUpForm } from "../auth/sign-up-form";
import { useSignOut } from "../shell/user-menu";

const isModule = (value: string): value is Module => (MODULES as readonly string[]).includes(value);

function InvitationSummary({
  businessName,
  inviterName,
  role,
  modules,
  expiresAt,
}: {
  businessName: string;
  inviterName: string | null;
  role: Role;
  modules: string[];
  expiresAt: Date;
}) {
  const { t } = useTranslation(["team", "shell"]);
  const { locale } = useLocale();
  return (
    <div className="rounded-lg border border-ink-200 bg-ink-50/60 p-4">
      <div className="flex items-center gap-3">
        <span className="grid size-10 shrink-0 place-items-center rounded-md bg-brand-700 text-white">
          <Building2 className="size-5" aria-hidden />
        </span>
        <div className="min-w-0">
          <p className="truncate font-semibold text-ink-950">{businessName}</p>
          <p className="text-[13px] text-ink-500">
            {inviterName ? t("invite.invitedBy", { name: inviterName }) : t("invite.invited")}
          </p>
        </div>
      </div>
      <dl className="mt-4 flex flex-col gap-2 text-sm">
        <div className="flex items-center justify-between gap-3">
          <dt className="text-ink-500">{t("invite.role")}</dt>
          <dd>
            <Badge tone="brand">{t(`shell:role.${role}`)}</Badge>
          </dd>
        </div>
        {role === "staff" ? (
          <div className="flex items-start justify-between gap-3">
            <dt className="text-ink-500">{t("invite.modules")}</dt>
            <dd className="flex flex-wrap justify-end gap-1">
              {modules.length === 0 ? (
                <span className="text-ink-400">{t("invite.noModules")}</span>
              ) : (
                modules.map((module) => (
                  <Badge key={module}>{isModule(module) ? t(`shell:module.${module}`) : module}</Badge>
                ))
              )}
            </dd>
          </div>
        ) : null}
        <div className="flex items-center justify-between gap-3">
          <dt className="text-ink-500">{t("invite.validUntil")}</dt>
          <dd className="text-ink-800">{formatDate(expiresAt, undefined, locale)}</dd>
        </div>
      </dl>
      <p className="mt-3 text-[13px] text-ink-500">{t(`roleDescription.${role}`)}</p>
    </div>
  );
}

/** /invite/:token: preview the invitation, then sign up, sign in or accept depending on who is here. */
export default function AcceptInvitationPage() {
  const { t } = useTranslation("team");
  const { token = "" } = useParams();
  const trpc = useTRPC();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  // Once this page signs someone up, the invitation is already accepted: go in rather than preview again.
  const signedUpHere = useRef(false);
  // An address that already had an account gets "check your email" (the email tells them to sign in).
  const [pendingSignUp, setPendingSignUp] = useState<PendingSignUp | null>(null);
  const preview = useQuery({ ...trpc.invitations.preview.queryOptions({ token }), retry: false });
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async ({ businessId }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
        navigate(businessPath(businessId), { replace: true });
      },
    }),
  );
  const decline = useMutation(trpc.invitations.decline.mutationOptions());

  if (session.status === "restoring") return <FullPageSpinner />;
  if (signedUpHere.current && session.status === "signed-in") return <Navigate to="/" replace />;

  if (preview.isPending) {
    return (
      <AuthLayout title={t("invite.opening")}>
        <div role="status" className="flex flex-col gap-3">
          <span className="sr-only">{t("invite.loading")}</span>
          <Skeleton className="h-40" />
          <Skeleton className="h-11" />
        </div>
      </AuthLayout>
    );
  }
  if (preview.isError) {
    const problem = toProblem(preview.error);
    return (
      <AuthLayout title={problem.kind === "not-found" ? t("invite.notFoundTitle") : t("invite.failedTitle")}>
        <ProblemAlert
          problem={problem}
          onRetry={problem.kind === "network" ? () => void preview.refetch() : undefined}
        />
        <p className="mt-4 text-sm text-ink-600">{t("invite.linkRules")}</p>
        <ButtonLink to="/" variant="secondary" className="mt-6">
          {t("invite.goToKavi")}
        </ButtonLink>
      </AuthLayout>
    );
  }
  const invitation = preview.data;
  const summary = (
    <InvitationSummary
      businessName={invitation.businessName}
      inviterName={invitation.inviterName}
      role={invitation.role}
      modules={invitation.modules}
      expiresAt={invitation.expiresAt}
    />
  );

  if (decline.isSuccess) {
    return (
      <AuthLayout title={t("invite.declinedTitle")}>
        <p className="text-sm text-ink-700" role="status">
          {t("invite.declined", { business: invitation.businessName })}
        </p>
      </AuthLayout>
    );
  }

  if (invitation.status !== "pending") {
    const expired = invitation.status === "expired";
    return (
      <AuthLayout title={expired ? t("invite.expiredTitle") : t("invite.usedTitle")}>
        {summary}
        <Notice
          tone="warning"
          className="mt-5"
          icon={<Clock className="mt-0.5 size-4 shrink-0" aria-hidden />}
        >
          {expired
            ? invitation.inviterName
              ? t("invite.askInviter", { name: invitation.inviterName })
              : t("invite.askBusiness")
            : invitation.status === "accepted"
              ? t("invite.accepted")
              : t("invite.withdrawn")}
        </Notice>
        <ButtonLink to="/" variant="secondary" className="mt-6">
          {t("invite.goToKavi")}
        </ButtonLink>
      </AuthLayout>
    );
  }

  const acceptProblem = accept.error ? toProblem(accept.error) : null;
  const declineButton = (
    <Button variant="ghost" loading={decline.isPending} onClick={() => decline.mutate({ token })}>
      {t("invite.decline")}
    </Button>
  );

  if (session.status === "signed-in") {
    const wrongAccount = session.user.email.toLowerCase() !== invitation.email.toLowerCase();
    if (wrongAccount) {
      return (
        <AuthLayout title={t("invite.join", { business: invitation.businessName })}>
          {summary}
          <Notice
            tone="warning"
            className="mt-5"
            icon={<CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />}
          >
            <Trans
              t={t}
              i18nKey="invite.wrongAccount"
              values={{ invited: invitation.email, current: session.user.email }}
              components={{ strong: <strong /> }}
            />
          </Notice>
          <div className="mt-6 flex flex-col gap-2 sm:flex-row">
            <Button onClick={() => void signOut()}>{t("invite.switch")}</Button>
            <ButtonLink to="/" variant="secondary">
              {t("invite.staySignedIn")}
            </ButtonLink>
          </div>
        </AuthLayout>
      );
    }
    return (
      <AuthLayout
        title={t("invite.join", { business: invitation.businessName })}
        description={t("invite.signedInAs", { email: session.user.email })}
      >
        {summary}
        {acceptProblem ? <ProblemAlert problem={acceptProblem} className="mt-5" /> : null}
        <div className="mt-6 flex flex-col gap-2 sm:flex-row">
          <Button
            size="lg"
            className="flex-1"
            loading={accept.isPending}
            onClick={() => accept.mutate({ token })}
          >
            {t("invite.acceptOpen", { business: invitation.businessName })}
          </Button>
          {declineButton}
        </div>
      </AuthLayout>
    );
  }

  const next = `/invite/${token}`;
  if (invitation.accountExists) {
    return (
      <AuthLayout
        title={t("invite.join", { business: invitation.businessName })}
        description={t("invite.signInAs", { email: invitation.email })}
      >
        {summary}
        <div className="mt-6 flex flex-col gap-2 sm:flex-row">
          <ButtonLink
            size="lg"
            className="flex-1"
            to={`/sign-in?email=${encodeURIComponent(invitation.email)}&next=${encodeURIComponent(next)}`}
          >
            {t("invite.signInToAccept")}
          </ButtonLink>
          {declineButton}
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={t("invite.joinOnKavi", { business: invitation.businessName })}
      description={t("invite.createToAccept")}
      footer={
        <>
          {t("invite.alreadyUse")}{" "}
          <Link
            to={`/sign-in?email=${encodeURIComponent(invitation.email)}&next=${encodeURIComponent(next)}`}
            className="font-medium text-brand-700 hover:underline"
          >
            {t("invite.signIn")}
          </Link>
        </>
      }
    >
      {summary}
      <div className="mt-6">
        {pendingSignUp ? (
          <CheckEmailStep
            pending={pendingSignUp}
            onStartOver={() => setPendingSignUp(null)}
            signInHref={`/sign-in?email=${encodeURIComponent(invitation.email)}&next=${encodeURIComponent(next)}`}
          />
        ) : (
          <SignUpForm
            email={invitation.email}
            emailLocked
            invitationToken={token}
            submitLabel={t("invite.createAndJoin")}
            onSignedUp={() => {
              signedUpHere.current = true;
            }}
            onVerifyEmail={setPendingSignUp}
          />
        )}
      </div>
    </AuthLayout>
  );
}
