import { MailWarning } from "lucide-react";
import { Trans, useTranslation } from "react-i18next";
import { useTranslateMessage } from "../../i18n/use-locale";
import { ButtonLink } from "../../ui/button";
import { ResendButton } from "./resend-button";
import { useResendVerification } from "./use-resend-verification";

/**
 * Shown at the top of every signed-in page until the address is verified: what is waiting on it, and the
 * two ways to finish (the code here, or the link in the email).
 */
export function VerifyEmailBanner({ email }: { email: string }) {
  const resend = useResendVerification();
  const { t } = useTranslation("shell");
  const translateMessage = useTranslateMessage();
  return (
    <section
      aria-label={t("verifyEmail.label")}
      className="border-b border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950 sm:px-6 lg:px-10"
    >
      <div className="mx-auto flex w-full max-w-6xl flex-col gap-3 sm:flex-row sm:items-center">
        <MailWarning className="hidden size-5 shrink-0 text-amber-700 sm:block" aria-hidden />
        <div className="min-w-0 flex-1">
          <p className="font-medium">{t("verifyEmail.title")}</p>
          <p className="mt-0.5 text-amber-900">
            <Trans
              t={t}
              i18nKey="verifyEmail.body"
              values={{ email }}
              components={{ strong: <strong className="font-medium [overflow-wrap:anywhere]" /> }}
            />
          </p>
          <p className="sr-only" role="status">
            {resend.sent ? t("verifyEmail.sent") : ""}
          </p>
          {resend.problem ? (
            <p className="mt-1 text-red-800">{translateMessage(resend.problem.message)}</p>
          ) : null}
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <ButtonLink to="/verify-email" size="sm">
            {t("verifyEmail.enterCode")}
          </ButtonLink>
          <ResendButton wait={resend.wait} sending={resend.sending} onSend={resend.send} />
        </div>
      </div>
    </section>
  );
}
