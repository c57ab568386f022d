import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useCountdown } from "../../lib/use-countdown";

/** "Send the email again" for a signed-in account, with the server's cooldown counted down. */
export function useResendVerification() {
  const trpc = useTRPC();
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());
  const [sentAt, setSentAt] = useState<number | null>(null);
  const problem = resend.error ? toProblem(resend.error) : null;
  const wait = useCountdown(problem?.retryAfterSeconds ?? (sentAt ? 60 : null), resend.error ?? sentAt);
  return {
    send: () => resend.mutate(undefined, { onSuccess: () => setSentAt(Date.now()) }),
    sending: resend.isPending,
    sent: resend.isSuccess,
    wait,
    /** A refusal other than "wait a moment" (which the countdown already shows). */
    problem: problem && problem.kind !== "rate-limited" ? problem : null,
  };
}
