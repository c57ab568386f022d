import { PASSWORD_MIN_LENGTH, ZResetPasswordSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { CircleCheck } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { clientProblem } from "../../lib/errors";
import { useSession, useSessionManager } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button, ButtonLink } from "../../ui/button";
import { Field } from "../../ui/field";
import { ProblemAlert } from "../../ui/problem";
import { AuthLayout } from "./auth-layout";
import { PasswordInput } from "./password-input";

export default function ResetPasswordPage() {
  const { t } = useTranslation("auth");
  const { token = "" } = useParams();
  const trpc = useTRPC();
  const session = useSession();
  const manager = useSessionManager();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const [done, setDone] = useState(false);
  const form = useAppForm({
    defaultValues: { password: "", confirm: "" },
    schema: ZResetPasswordSchema,
    toInput: (values) => ({ token, password: values.password }),
    onSubmit: async (input) => {
      if (form.getValues("confirm") !== input.password) {
        form.applyProblem(clientProblem(t("reset.mismatch"), { confirm: [t("reset.mismatch")] }));
        return;
      }
      await reset.mutateAsync(input);
      // A reset ends every session, this browser's included.
      if (session.status === "signed-in") manager.end(null);
      setDone(true);
    },
  });
  if (done) {
    return (
      <AuthLayout title={t("reset.doneTitle")}>
        <div className="flex flex-col items-start gap-4" role="status">
          <span className="grid size-11 place-items-center rounded-full bg-brand-50 text-brand-700 ring-1 ring-brand-100">
            <CircleCheck className="size-5" aria-hidden />
          </span>
          <p className="text-sm text-ink-700">{t("reset.done")}</p>
          <ButtonLink to="/sign-in">{t("reset.signIn")}</ButtonLink>
        </div>
      </AuthLayout>
    );
  }
  const tokenProblem = form.error("token");
  return (
    <AuthLayout
      title={t("reset.title")}
      description={t("reset.description")}
      footer={
        <Link to="/sign-in" className="font-medium text-brand-700 hover:underline">
          {t("reset.back")}
        </Link>
      }
    >
      <AppForm form={form} problem="manual" className="flex flex-col gap-4">
        {tokenProblem ? (
          <div className="flex flex-col gap-3">
            <ProblemAlert
              problem={{ ...(form.problem ?? clientProblem(tokenProblem)), message: tokenProblem }}
            />
            <ButtonLink to="/forgot-password" variant="secondary">
              {t("reset.newLink")}
            </ButtonLink>
          </div>
        ) : null}
        <Field
          label={t("reset.password")}
          error={form.error("password")}
          description={t("reset.passwordHint", { count: PASSWORD_MIN_LENGTH })}
        >
          <PasswordInput autoComplete="new-password" autoFocus {...form.register("password")} />
        </Field>
        <Field label={t("reset.repeat")} error={form.error("confirm")}>
          <PasswordInput autoComplete="new-password" {...form.register("confirm")} />
        </Field>
        <FormProblem form={form} />
        <Button type="submit" size="lg" loading={form.submitting}>
          {t("reset.submit")}
        </Button>
      </AppForm>
    </AuthLayout>
  );
}
