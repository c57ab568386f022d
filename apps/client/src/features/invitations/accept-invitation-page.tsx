import { MODULE_LABELS, type Module, ROLE_DESCRIPTIONS, ROLE_LABELS } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, CircleAlert, Clock } from "lucide-react";
import { useRef, useState } from "react";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import { businessPath } from "../../app/navigation";
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

function InvitationSummary({
  businessName,
  inviterName,
  role,
  modules,
  expiresAt,
}: {
  businessName: string;
  inviterName: string | null;
  role: keyof typeof ROLE_LABELS;
  modules: string[];
  expiresAt: Date;
}) {
  return (
    <div className="rounded-lg border border-ink-200 bg-ink-50/60 p-4">
      <div className="flex items-center gap-3">
        <span className="grid size-10 shrink-0 place-items-center rounded-md bg-brand-700 text-white">
          <Building2 className="size-5" aria-hidden />
        </span>
        <div className="min-w-0">
          <p className="truncate font-semibold text-ink-950">{businessName}</p>
          <p className="text-[13px] text-ink-500">
            {inviterName ? `Invited by ${inviterName}` : "You're invited"}
          </p>
        </div>
      </div>
      <dl className="mt-4 flex flex-col gap-2 text-sm">
        <div className="flex items-center justify-between gap-3">
          <dt className="text-ink-500">Role</dt>
          <dd>
            <Badge tone="brand">{ROLE_LABELS[role]}</Badge>
          </dd>
        </div>
        {role === "staff" ? (
          <div className="flex items-start justify-between gap-3">
            <dt className="text-ink-500">Modules</dt>
            <dd className="flex flex-wrap justify-end gap-1">
              {modules.length === 0 ? (
                <span className="text-ink-400">None yet</span>
              ) : (
                modules.map((module) => (
                  <Badge key={module}>{MODULE_LABELS[module as Module] ?? module}</Badge>
                ))
              )}
            </dd>
          </div>
        ) : null}
        <div className="flex items-center justify-between gap-3">
          <dt className="text-ink-500">Link valid until</dt>
          <dd className="text-ink-800">{formatDate(expiresAt)}</dd>
        </div>
      </dl>
      <p className="mt-3 text-[13px] text-ink-500">{ROLE_DESCRIPTIONS[role]}</p>
    </div>
  );
}

/** /invite/:token: preview the invitation, then sign up, sign in or accept depending on who is here. */
export default function AcceptInvitationPage() {
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
      <AuthLayout title="Opening your invitation…">
        <div role="status" className="flex flex-col gap-3">
          <span className="sr-only">Loading invitation…</span>
          <Skeleton className="h-40" />
          <Skeleton className="h-11" />
        </div>
      </AuthLayout>
    );
  }
  if (preview.isError) {
    const problem = toProblem(preview.error);
    return (
      <AuthLayout
        title={
          problem.kind === "not-found"
            ? "This invitation link doesn't work"
            : "We couldn't open this invitation"
        }
      >
        <ProblemAlert
          problem={problem}
          onRetry={problem.kind === "network" ? () => void preview.refetch() : undefined}
        />
        <p className="mt-4 text-sm text-ink-600">
          Invitation links work once and for 7 days. Ask the person who invited you to send a new one.
        </p>
        <ButtonLink to="/" variant="secondary" className="mt-6">
          Go to KAVI
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
      <AuthLayout title="Invitation declined">
        <p className="text-sm text-ink-700" role="status">
          We've let {invitation.businessName} know. You can close this page.
        </p>
      </AuthLayout>
    );
  }

  if (invitation.status !== "pending") {
    const expired = invitation.status === "expired";
    return (
      <AuthLayout title={expired ? "This invitation has expired" : "This invitation has already been used"}>
        {summary}
        <Notice
          tone="warning"
          className="mt-5"
          icon={<Clock className="mt-0.5 size-4 shrink-0" aria-hidden />}
        >
          {expired
            ? `Ask ${invitation.inviterName ?? "the business"} to send you a new invitation.`
            : invitation.status === "accepted"
              ? "It was accepted already. If that was you, sign in to open the business."
              : "It was withdrawn or declined. Ask the business for a new one if you still need access."}
        </Notice>
        <ButtonLink to="/" variant="secondary" className="mt-6">
          Go to KAVI
        </ButtonLink>
      </AuthLayout>
    );
  }

  const acceptProblem = accept.error ? toProblem(accept.error) : null;
  const declineButton = (
    <Button variant="ghost" loading={decline.isPending} onClick={() => decline.mutate({ token })}>
      Decline
    </Button>
  );

  if (session.status === "signed-in") {
    const wrongAccount = session.user.email.toLowerCase() !== invitation.email.toLowerCase();
    if (wrongAccount) {
      return (
        <AuthLayout title={`Join ${invitation.businessName}`}>
          {summary}
          <Notice
            tone="warning"
            className="mt-5"
            icon={<CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />}
          >
            This invitation was sent to <strong>{invitation.email}</strong>, but you're signed in as{" "}
            <strong>{session.user.email}</strong>. Sign out, then open the link again as {invitation.email}.
          </Notice>
          <div className="mt-6 flex flex-col gap-2 sm:flex-row">
            <Button onClick={() => void signOut()}>Sign out and switch account</Button>
            <ButtonLink to="/" variant="secondary">
              Stay signed in
            </ButtonLink>
          </div>
        </AuthLayout>
      );
    }
    return (
      <AuthLayout
        title={`Join ${invitation.businessName}`}
        description={`Signed in as ${session.user.email}.`}
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
            Accept and open {invitation.businessName}
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
        title={`Join ${invitation.businessName}`}
        description={`Sign in as ${invitation.email} to accept.`}
      >
        {summary}
        <div className="mt-6 flex flex-col gap-2 sm:flex-row">
          <ButtonLink
            size="lg"
            className="flex-1"
            to={`/sign-in?email=${encodeURIComponent(invitation.email)}&next=${encodeURIComponent(next)}`}
          >
            Sign in to accept
          </ButtonLink>
          {declineButton}
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={`Join ${invitation.businessName} on KAVI`}
      description="Create your account to accept. It takes a minute."
      footer={
        <>
          Already use KAVI with this email?{" "}
          <Link
            to={`/sign-in?email=${encodeURIComponent(invitation.email)}&next=${encodeURIComponent(next)}`}
            className="font-medium text-brand-700 hover:underline"
          >
            Sign in
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
            submitLabel="Create account and join"
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
