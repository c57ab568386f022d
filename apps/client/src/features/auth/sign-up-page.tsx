import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { AuthLayout } from "./auth-layout";
import {
  CheckEmailStep,
  type PendingSignUp,
  readPendingSignUp,
  rememberPendingSignUp,
} from "./check-email-step";
import { SignUpForm } from "./sign-up-form";

export default function SignUpPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const next = params.get("next");
  const query = next ? `?next=${encodeURIComponent(next)}` : "";
  const [pending, setPending] = useState<PendingSignUp | null>(readPendingSignUp);
  const choose = (value: PendingSignUp | null) => {
    rememberPendingSignUp(value);
    setPending(value);
  };

  if (pending) {
    return (
      <AuthLayout title={t("checkEmail.title")} description={t("checkEmail.description")}>
        <CheckEmailStep
          pending={pending}
          onStartOver={() => choose(null)}
          signInHref={`/sign-in?email=${encodeURIComponent(pending.email)}${next ? `&next=${encodeURIComponent(next)}` : ""}`}
        />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={t("signUp.title")}
      description={t("signUp.description")}
      footer={
        <>
          {t("signUp.haveAccount")}{" "}
          <Link to={`/sign-in${query}`} className="font-medium text-brand-700 hover:underline">
            {t("signUp.signIn")}
          </Link>
        </>
      }
    >
      <SignUpForm email={params.get("email") ?? ""} onVerifyEmail={choose} />
    </AuthLayout>
  );
}
