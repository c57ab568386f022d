import { useState } from "react";
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
      <AuthLayout title="Check your email" description="One step left: confirm that this address is yours.">
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
      title="Create your KAVI account"
      description="Free to start. Set up your business in two minutes."
      footer={
        <>
          Already have an account?{" "}
          <Link to={`/sign-in${query}`} className="font-medium text-brand-700 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm email={params.get("email") ?? ""} onVerifyEmail={choose} />
    </AuthLayout>
  );
}
