import { ZVerifyEmailCodeSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck } from "lucide-react";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { ButtonLink } from "../../ui/button";
import { Card, CardBody } from "../../ui/card";
import { PageHeader } from "../../ui/page-header";
import { Notice, ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { CodeForm } from "../auth/check-email-step";
import { useMe } from "../shell/use-me";
import { ResendButton } from "./resend-button";
import { useResendVerification } from "./use-resend-verification";

/** /verify-email, signed in: type the code from the email (or send a new one). */
export default function VerifyEmailPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const verify = useMutation(trpc.auth.verifyEmailCode.mutationOptions());
  const resend = useResendVerification();
  const form = useAppForm({
    defaultValues: { code: "" },
    schema: ZVerifyEmailCodeSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      await verify.mutateAsync(input);
      await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    },
  });

  const header = (
    <PageHeader
      title={me.data?.user.emailVerified ? "Your email is confirmed" : "Confirm your email"}
      description="Confirming your address lets KAVI send invoices, reminders and invitations for you, and lets you join businesses that invited you."
    />
  );
  if (me.isPending) {
    return (
      <>
        {header}
        <Card>
          <CardBody>
            <SkeletonList rows={2} label="Loading your account" />
          </CardBody>
        </Card>
      </>
    );
  }
  if (me.isError) {
    return (
      <>
        {header}
        <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
      </>
    );
  }
  if (me.data.user.emailVerified) {
    return (
      <>
        {header}
        <Card className="max-w-xl">
          <CardBody className="flex flex-col items-start gap-4">
            <Notice tone="success" icon={<CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden />}>
              <strong className="font-medium">{me.data.user.email}</strong> is confirmed. You're all set.
            </Notice>
            <ButtonLink to="/">Continue to KAVI</ButtonLink>
          </CardBody>
        </Card>
      </>
    );
  }
  return (
    <>
      {header}
      <Card className="max-w-xl">
        <CardBody className="flex flex-col gap-5">
          <p className="text-sm text-ink-700">
            We sent a link and a 6-digit code to{" "}
            <strong className="font-medium [overflow-wrap:anywhere] text-ink-900">
              {me.data.user.email}
            </strong>
            . Open the link on any device, or type the code here.
          </p>
          <CodeForm form={form} submitLabel="Confirm my email" />
          <div className="flex flex-col gap-2 border-t border-ink-100 pt-4 text-sm text-ink-600">
            <p>No email? Check spam, or send a new one (the old code stops working).</p>
            <div>
              <ResendButton wait={resend.wait} sending={resend.sending} onSend={resend.send} />
            </div>
            {resend.sent && resend.wait > 0 ? (
              <Notice tone="success">Sent. Use the code in the newest email.</Notice>
            ) : null}
            {resend.problem ? <ProblemAlert problem={resend.problem} /> : null}
          </div>
        </CardBody>
      </Card>
    </>
  );
}
