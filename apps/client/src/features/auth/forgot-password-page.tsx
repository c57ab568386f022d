import { ZForgotPasswordSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { MailCheck } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button, ButtonLink } from "../../ui/button";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { AuthLayout } from "./auth-layout";

export default function ForgotPasswordPage() {
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
      <AuthLayout title="Check your email" description={undefined}>
        <div className="flex flex-col items-start gap-4">
          <span className="grid size-11 place-items-center rounded-full bg-brand-50 text-brand-700 ring-1 ring-brand-100">
            <MailCheck className="size-5" aria-hidden />
          </span>
          <p className="text-sm text-ink-700" role="status">
            If <strong className="font-medium text-ink-900">{sentTo}</strong> has a KAVI account, a link to
            choose a new password is on its way. It works once, for one hour.
          </p>
          <p className="text-sm text-ink-500">No email after a few minutes? Check spam, or try again.</p>
          <div className="flex gap-2">
            <ButtonLink to="/sign-in" variant="secondary">
              Back to sign in
            </ButtonLink>
            <Button variant="ghost" onClick={() => setSentTo(null)}>
              Try another address
            </Button>
          </div>
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Forgot your password?"
      description="Enter your email and we'll send you a link to choose a new one."
      footer={
        <Link to="/sign-in" className="font-medium text-brand-700 hover:underline">
          Back to sign in
        </Link>
      }
    >
      <AppForm form={form} problem="manual" className="flex flex-col gap-4">
        <Field label="Email" error={form.error("email")}>
          <Input type="email" autoComplete="email" inputMode="email" autoFocus {...form.register("email")} />
        </Field>
        <FormProblem form={form} />
        <Button type="submit" size="lg" loading={form.submitting}>
          Send reset link
        </Button>
      </AppForm>
    </AuthLayout>
  );
}
