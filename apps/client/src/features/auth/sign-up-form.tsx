import { PASSWORD_MIN_LENGTH, ZSignUpSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useLocale } from "../../i18n/use-locale";
import { clientProblem } from "../../lib/errors";
import { useSessionManager } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { ProblemAlert } from "../../ui/problem";
import type { PendingSignUp } from "./check-email-step";
import { PasswordInput } from "./password-input";

/**
 * Used on its own page and inline on an invitation (email fixed, token passed along). The answer is "check
 * your email" (onVerifyEmail) whether or not the address had an account; only an invitation link, which
 * proves the address, signs in straight away (onSignedUp).
 */
export function SignUpForm({
  email = "",
  emailLocked = false,
  invitationToken = null,
  submitLabel,
  onSignedUp,
  onVerifyEmail,
}: {
  email?: string;
  emailLocked?: boolean;
  invitationToken?: string | null;
  submitLabel?: string;
  onSignedUp?: () => void;
  onVerifyEmail: (pending: PendingSignUp) => void;
}) {
  const { t } = useTranslation("auth");
  const { language } = useLocale();
  const trpc = useTRPC();
  const session = useSessionManager();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const form = useAppForm({
    defaultValues: { fullName: "", email, password: "" },
    schema: ZSignUpSchema,
    toInput: (values) => ({ ...values, invitationToken, language }),
    onSubmit: async (input) => {
      const result = await signUp.mutateAsync(input);
      if (result.status === "verify_email") {
        onVerifyEmail({ email: result.email, ticket: result.ticket });
        return;
      }
      onSignedUp?.();
      session.start(result);
    },
  });
  const invitationError = form.error("invitationToken");
  return (
    <AppForm form={form} problem="manual" className="flex flex-col gap-4">
      <Field label={t("signUp.fullName")} error={form.error("fullName")}>
        <Input
          autoComplete="name"
          autoFocus
          placeholder={t("signUp.namePlaceholder")}
          {...form.register("fullName")}
        />
      </Field>
      <Field
        label={t("signUp.workEmail")}
        error={form.error("email")}
        description={emailLocked ? t("signUp.invitedAddress") : undefined}
      >
        <Input
          type="email"
          autoComplete="email"
          inputMode="email"
          readOnly={emailLocked}
          {...form.register("email")}
        />
      </Field>
      <Field
        label={t("signUp.password")}
        error={form.error("password")}
        description={t("signUp.passwordHint", { count: PASSWORD_MIN_LENGTH })}
      >
        <PasswordInput autoComplete="new-password" {...form.register("password")} />
      </Field>
      <FormProblem form={form} />
      {invitationError ? <ProblemAlert problem={clientProblem(invitationError)} /> : null}
      <Button type="submit" size="lg" loading={form.submitting}>
        {submitLabel ?? t("signUp.submit")}
      </Button>
      <p className="text-center text-xs text-ink-500">{t("signUp.agreement")}</p>
    </AppForm>
  );
}
