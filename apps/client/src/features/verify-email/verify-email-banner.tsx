import { MailWarning } from "lucide-react";
import { ButtonLink } from "../../ui/button";
import { ResendButton } from "./resend-button";
import { useResendVerification } from "./use-resend-verification";

/**
 * Shown at the top of every signed-in page until the address is verified: what is waiting on it, and the
 * two ways to finish (the code here, or the link in the email).
 */
export function VerifyEmailBanner({ email }: { email: string }) {
  const resend = useResendVerification();
  return (
    <section
      aria-label="Verify your email"
      className="border-b border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950 sm:px-6 lg:px-10"
    >
      <div className="mx-auto flex w-full max-w-6xl flex-col gap-3 sm:flex-row sm:items-center">
        <MailWarning className="hidden size-5 shrink-0 text-amber-700 sm:block" aria-hidden />
        <div className="min-w-0 flex-1">
          <p className="font-medium">Confirm your email address</p>
          <p className="mt-0.5 text-amber-900">
            We sent a link and a code to{" "}
            <strong className="font-medium [overflow-wrap:anywhere]">{email}</strong>. Until you confirm it,
            KAVI can't send invoices or invitations for you.
          </p>
          <p className="sr-only" role="status">
            {resend.sent ? "A new email is on its way." : ""}
          </p>
          {resend.problem ? <p className="mt-1 text-red-800">{resend.problem.message}</p> : null}
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <ButtonLink to="/verify-email" size="sm">
            Enter the code
          </ButtonLink>
          <ResendButton wait={resend.wait} sending={resend.sending} onSend={resend.send} />
        </div>
      </div>
    </section>
  );
}
