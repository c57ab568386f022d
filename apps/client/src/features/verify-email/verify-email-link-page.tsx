import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, MailX } from "lucide-react";
import { useEffect, useRef } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useProblemMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { useSession } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { ButtonLink } from "../../ui/button";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { AuthLayout } from "../auth/auth-layout";

/**
 * /verify-email/:token, the link in the verification email. Opening it confirms the address, on any
 * device; it signs nobody in, so a signed-out visitor is sent to sign in afterwards.
 */
export default function VerifyEmailLinkPage() {
  const { t } = useTranslation("auth");
  const problemMessage = useProblemMessage();
  const { token = "" } = useParams();
  const trpc = useTRPC();
  const session = useSession();
  const queryClient = useQueryClient();
  const verify = useMutation(
    trpc.auth.verifyEmail.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
    }),
  );
  // Once per page: a link is used a single time, and StrictMode mounts effects twice.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    verify.mutate({ token });
  }, [token, verify]);

  const signedIn = session.status === "signed-in";
  if (verify.isError) {
    const problem = toProblem(verify.error);
    const invalid = problem.reason === "VERIFICATION_INVALID" || problem.kind === "validation";
    return (
      <AuthLayout title={invalid ? t("verifyLink.invalidTitle") : t("verifyLink.failedTitle")}>
        {invalid ? (
          <Notice tone="warning" icon={<MailX className="mt-0.5 size-4 shrink-0" aria-hidden />}>
            {problemMessage(problem)}
          </Notice>
        ) : (
          <ProblemAlert problem={problem} onRetry={() => verify.mutate({ token })} />
        )}
        <div className="mt-6 flex flex-col gap-2 sm:flex-row">
          {signedIn ? (
            <ButtonLink to="/verify-email">{t("verifyLink.sendNew")}</ButtonLink>
          ) : (
            <ButtonLink to="/sign-in?next=%2Fverify-email">{t("verifyLink.signInToSend")}</ButtonLink>
          )}
        </div>
      </AuthLayout>
    );
  }
  if (!verify.isSuccess) {
    return (
      <AuthLayout title={t("verifyLink.confirming")}>
        <div role="status" className="flex flex-col gap-3">
          <span className="sr-only">{t("verifyLink.confirmingLabel")}</span>
          <Skeleton className="h-16" />
          <Skeleton className="h-11 w-40" />
        </div>
      </AuthLayout>
    );
  }
  const { email, status } = verify.data;
  return (
    <AuthLayout title={status === "verified" ? t("verifyLink.verifiedTitle") : t("verifyLink.alreadyTitle")}>
      <Notice tone="success" icon={<CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden />}>
        <Trans
          t={t}
          i18nKey={status === "verified" ? "verifyLink.verified" : "verifyLink.already"}
          values={{ email }}
          components={{ strong: <strong className="font-medium [overflow-wrap:anywhere]" /> }}
        />
      </Notice>
      <div className="mt-6">
        {signedIn ? (
          <ButtonLink to="/" size="lg">
            {t("verifyLink.continue")}
          </ButtonLink>
        ) : (
          <ButtonLink to={`/sign-in?email=${encodeURIComponent(email)}`} size="lg">
            {t("verifyLink.signInToContinue")}
          </ButtonLink>
        )}
      </div>
    </AuthLayout>
  );
}
