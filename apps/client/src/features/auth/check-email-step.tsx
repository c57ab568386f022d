import { EMAIL_CODE_LENGTH, ZConfirmSignUpSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { MailCheck } from "lucide-react";
import { useState } from "react";
import type { UseFormRegister } from "react-hook-form";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { toProblem } from "../../lib/errors";
import { useSessionManager } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { type AppForm as AppFormState, useAppForm } from "../../lib/use-app-form";
import { useCountdown } from "../../lib/use-countdown";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { Notice, ProblemAlert } from "../../ui/problem";
import { ResendButton } from "../verify-email/resend-button";

/** What the browser that signed up keeps until the code is typed: for this tab only, gone once used. */
export interface PendingSignUp {
  email: string;
  ticket: string;
}

const PENDING_KEY = "kavi:pending-sign-up";

export function readPendingSignUp(): PendingSignUp | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? "null") as PendingSignUp | null;
    return value && typeof value.email === "string" && typeof value.ticket === "string" ? value : null;
  } catch {
    return null;
  }
}

export function rememberPendingSignUp(pending: PendingSignUp | null): void {
  try {
    if (pending) sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    else sessionStorage.removeItem(PENDING_KEY);
  } catch {
    // Private browsing: the step still works until the tab is reloaded.
  }
}

/** What the code form needs of a useAppForm over `{ code }` (whatever else its schema takes). */
export interface CodeFormState extends AppFormState {
  error: (key: string) => string | undefined;
  register: UseFormRegister<{ code: string }>;
}

/** The 6-digit code box and its button, shared by the sign-up step and the signed-in verification page. */
export function CodeForm({ form, submitLabel }: { form: CodeFormState; submitLabel: string }) {
  const { t } = useTranslation("auth");
  return (
    <AppForm form={form} problem="manual" className="flex flex-col gap-4">
      <Field label={t("checkEmail.code")} error={form.error("code")}>
        <Input
          autoFocus
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={EMAIL_CODE_LENGTH + 2}
          placeholder="123456"
          className="h-12 text-center font-mono text-xl tracking-[0.4em] tabular"
          {...form.register("code")}
        />
      </Field>
      <FormProblem form={form} />
      <Button type="submit" size="lg" loading={form.submitting}>
        {submitLabel}
      </Button>
    </AppForm>
  );
}

/**
 * After sign-up: "check your email". The person opens the link (which confirms the address) or types the
 * 6-digit code here, which also signs this browser in. The same screen appears whether or not the address
 * already had an account: the email says which.
 */
export function CheckEmailStep({
  pending,
  onStartOver,
  signInHref,
}: {
  pending: PendingSignUp;
  onStartOver: () => void;
  signInHref: string;
}) {
  const { t } = useTranslation("auth");
  const trpc = useTRPC();
  const session = useSessionManager();
  const confirm = useMutation(trpc.auth.confirmSignUp.mutationOptions());
  const resend = useMutation(trpc.auth.resendSignUpEmail.mutationOptions());
  // The first email has only just gone: offer another once the server's cooldown is over.
  const [resentAt, setResentAt] = useState<number | null>(() => Date.now());
  const resendProblem = resend.error ? toProblem(resend.error) : null;
  const wait = useCountdown(
    resendProblem?.retryAfterSeconds ?? (resentAt ? 60 : null),
    resend.error ?? resentAt,
  );
  const form = useAppForm({
    defaultValues: { code: "" },
    schema: ZConfirmSignUpSchema,
    toInput: (values) => ({ ticket: pending.ticket, code: values.code }),
    onSubmit: async (input) => {
      const result = await confirm.mutateAsync(input);
      rememberPendingSignUp(null);
      session.start(result);
    },
  });
  return (
    <div className="flex flex-col gap-5">
      <div className="flex items-start gap-3">
        <span className="grid size-11 shrink-0 place-items-center rounded-full bg-brand-50 text-brand-700 ring-1 ring-brand-100">
          <MailCheck className="size-5" aria-hidden />
        </span>
        <p className="text-sm text-ink-700" role="status">
          <Trans
            t={t}
            i18nKey="checkEmail.sent"
            values={{ email: pending.email, count: EMAIL_CODE_LENGTH }}
            components={{ strong: <strong className="font-medium [overflow-wrap:anywhere] text-ink-900" /> }}
          />
        </p>
      </div>
      <CodeForm form={form} submitLabel={t("checkEmail.confirm")} />
      <div className="flex flex-col gap-2 border-t border-ink-100 pt-4 text-sm text-ink-600">
        <p>{t("checkEmail.noEmail")}</p>
        <div className="flex flex-wrap items-center gap-2">
          <ResendButton
            wait={wait}
            sending={resend.isPending}
            onSend={() =>
              resend.mutate({ ticket: pending.ticket }, { onSuccess: () => setResentAt(Date.now()) })
            }
            label={t("checkEmail.resend")}
          />
          <Button variant="ghost" size="sm" onClick={onStartOver}>
            {t("checkEmail.otherAddress")}
          </Button>
        </div>
        {resend.isSuccess && wait > 0 ? <Notice tone="success">{t("checkEmail.resent")}</Notice> : null}
        {resendProblem && resendProblem.kind !== "rate-limited" ? (
          <ProblemAlert problem={resendProblem} />
        ) : null}
        <p className="mt-2">
          {t("checkEmail.alreadyConfirmed")}{" "}
          <Link to={signInHref} className="font-medium text-brand-700 hover:underline">
            {t("checkEmail.signIn")}
          </Link>
        </p>
      </div>
    </div>
  );
}
