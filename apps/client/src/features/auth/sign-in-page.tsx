import { ZSignInSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { Clock, LogIn } from "lucide-react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation, useSearchParams } from "react-router";
import type { SignInState } from "../../app/route-guards";
import { useTranslateMessage } from "../../i18n/use-locale";
import { useSessionManager } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { useCountdown } from "../../lib/use-countdown";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { Notice, ProblemAlert } from "../../ui/problem";
import { AuthLayout } from "./auth-layout";
import { PasswordInput } from "./password-input";
import { useFormatWait } from "./use-format-wait";

export default function SignInPage() {
  const { t } = useTranslation("auth");
  const formatWait = useFormatWait();
  const translateMessage = useTranslateMessage();
  const trpc = useTRPC();
  const session = useSessionManager();
  const [params] = useSearchParams();
  const location = useLocation();
  const reason = (location.state as SignInState | null)?.reason ?? null;
  const next = params.get("next");
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const form = useAppForm({
    defaultValues: { email: params.get("email") ?? "", password: "" },
    schema: ZSignInSchema,
    toInput: (values) => values,
    onSubmit: async (input) => session.start(await signIn.mutateAsync(input)),
  });
  const throttled =
    form.problem?.reason === "ACCOUNT_LOCKED" || form.problem?.reason === "SIGN_IN_DELAYED"
      ? form.problem
      : null;
  const wait = useCountdown(throttled?.retryAfterSeconds ?? null);
  const query = next ? `?next=${encodeURIComponent(next)}` : "";

  return (
    <AuthLayout
      title={t("signIn.title")}
      description={t("signIn.description")}
      footer={
        <>
          {t("signIn.newHere")}{" "}
          <Link to={`/sign-up${query}`} className="font-medium text-brand-700 hover:underline">
            {t("signIn.createAccount")}
          </Link>
        </>
      }
    >
      {reason === "session-ended" ? <Notice className="mb-5">{t("signIn.sessionEnded")}</Notice> : null}
      {reason === "signed-out" ? <Notice className="mb-5">{t("signIn.signedOut")}</Notice> : null}
      <AppForm form={form} problem="manual" className="flex flex-col gap-4">
        <Field label={t("signIn.email")} error={form.error("email")}>
          <Input type="email" autoComplete="email" inputMode="email" autoFocus {...form.register("email")} />
        </Field>
        <Field label={t("signIn.password")} error={form.error("password")}>
          <PasswordInput autoComplete="current-password" {...form.register("password")} />
        </Field>
        <div className="-mt-1 flex justify-end">
          <Link to="/forgot-password" className="text-[13px] font-medium text-brand-700 hover:underline">
            {t("signIn.forgot")}
          </Link>
        </div>
        {throttled ? (
          <Notice tone="warning" icon={<Clock className="mt-0.5 size-4 shrink-0" aria-hidden />}>
            <p className="font-medium">{translateMessage(throttled.message)}</p>
            {wait > 0 ? (
              <p className="mt-1 tabular">{t("signIn.tryAgainIn", { wait: formatWait(wait) })}</p>
            ) : (
              <p className="mt-1">{t("signIn.tryAgainNow")}</p>
            )}
            {throttled.reason === "ACCOUNT_LOCKED" ? (
              <p className="mt-1">
                <Trans
                  t={t}
                  i18nKey="signIn.orReset"
                  components={{ link: <Link to="/forgot-password" className="font-medium underline" /> }}
                />
              </p>
            ) : null}
          </Notice>
        ) : form.problem && !form.problem.fieldErrors ? (
          <ProblemAlert problem={form.problem} />
        ) : null}
        <Button type="submit" size="lg" loading={form.submitting} disabled={wait > 0}>
          {form.submitting ? null : <LogIn aria-hidden />} {t("signIn.submit")}
        </Button>
      </AppForm>
    </AuthLayout>
  );
}
