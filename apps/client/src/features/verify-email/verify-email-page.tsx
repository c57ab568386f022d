import { ZVerifyEmailCodeSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck } from "lucide-react";
import { Trans, useTranslation } from "react-i18next";
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
  const { t } = useTranslation("auth");
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
      title={me.data?.user.emailVerified ? t("verifyPage.confirmedTitle") : t("verifyPage.title")}
      description={t("verifyPage.description")}
    />
  );
  if (me.isPending) {
    return (
      <>
        {header}
        <Card>
          <CardBody>
            <SkeletonList rows={2} label={t("verifyPage.loading")} />
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
              <Trans
                t={t}
                i18nKey="verifyPage.confirmed"
                values={{ email: me.data.user.email }}
                components={{ strong: <strong className="font-medium [overflow-wrap:anywhere]" /> }}
              />
            </Notice>
            <ButtonLink to="/">{t("verifyPage.continue")}</ButtonLink>
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
            <Trans
              t={t}
              i18nKey="verifyPage.sent"
              values={{ email: me.data.user.email }}
              components={{
                strong: <strong className="font-medium [overflow-wrap:anywhere] text-ink-900" />,
              }}
            />
          </p>
          <CodeForm form={form} submitLabel={t("verifyPage.submit")} />
          <div className="flex flex-col gap-2 border-t border-ink-100 pt-4 text-sm text-ink-600">
            <p>{t("verifyPage.noEmail")}</p>
            <div>
              <ResendButton wait={resend.wait} sending={resend.sending} onSend={resend.send} />
            </div>
            {resend.sent && resend.wait > 0 ? <Notice tone="success">{t("verifyPage.resent")}</Notice> : null}
            {resend.problem ? <ProblemAlert problem={resend.problem} /> : null}
          </div>
        </CardBody>
      </Card>
    </>
  );
}
