import { Link, useSearchParams } from "react-router";
import { AuthLayout } from "./auth-layout";
import { SignUpForm } from "./sign-up-form";

export default function SignUpPage() {
  const [params] = useSearchParams();
  const next = params.get("next");
  const query = next ? `?next=${encodeURIComponent(next)}` : "";
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
      <SignUpForm email={params.get("email") ?? ""} />
    </AuthLayout>
  );
}
