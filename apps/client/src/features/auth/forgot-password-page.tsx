import { ZForgotPasswordSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { MailCheck } from "lucide-react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button, ButtonLink } from "../../ui/button";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { AuthLayout } from "./auth-layout";

export default function ForgotPasswordPage() {
  const { t } = useTranslation("auth");
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.forgotPassword.mutationOptions());
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useAppForm({
    defaultValues: { email: "" },
    schema: ZForgotPasswordSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      await request.mutateAsync(input);
      setSentTo(input.email.trim());
    },
  });
  if (sentTo) {
    return (
      <AuthLayout title={t("forgot.sentTitle")} description={undefined}>
        <div className="flex flex-col items-start gap-4">
          <span className="grid size-11 place-items-center rounded-full bg-brand-50 text-brand-700 ring-1 ring-brand-100">
            <MailCheck className="size-5" aria-hidden />
          </span>
          <p className="text-sm text-ink-700" role="status">
            <Trans
              t={t}
              i18nKey="forgot.sent"
              values={{ email: sentTo }}
              components={{
                strong: <strong className="font-medium [overflow-wrap:anywhere] text-ink-900" />,
              }}
            />
          </p>
          <p className="text-sm text-ink-500">{t("forgot.noEmail")}</p>
          <div className="flex gap-2">
            <ButtonLink to="/sign-in" variant="secondary">
              {t("forgot.back")}
            </ButtonLink>
            <Button variant="ghost" onClick={() => setSentTo(null)}>
              {t("forgot.otherAddress")}
            </Button>
          </div>
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={t("forgot.title")}
      description={t("forgot.description")}
      footer={
        <Link to="/sign-in" className="font-medium text-brand-700 hover:underline">
          {t("forgot.back")}
        </Link>
      }
    >
      <AppForm form={form} problem="manual" className="flex flex-col gap-4">
        <Field label={t("forgot.email")} error={form.error("email")}>
          <Input type="email" autoComplete="email" inputMode="email" autoFocus {...form.register("email")} />
        </Field>
        <FormProblem form={form} />
        <Button type="submit" size="lg" loading={form.submitting}>
          {t("forgot.submit")}
        </Button>
      </AppForm>
    </AuthLayout>
  );
}
