import { ZCreateBusinessSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { businessPath } from "../../app/navigation";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button, ButtonLink } from "../../ui/button";
import { Card, CardBody, CardFooter } from "../../ui/card";
import { Logo } from "../../ui/logo";
import { ProblemAlert } from "../../ui/problem";
import { BusinessFormFields, EMPTY_BUSINESS, valuesToBusinessInput } from "../business/business-form-fields";
import { useMe } from "../shell/use-me";
import { UserMenu } from "../shell/user-menu";
import { VerifyEmailBanner } from "../verify-email/verify-email-banner";

export default function CreateBusinessPage() {
  const { t } = useTranslation("business");
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const create = useMutation(trpc.business.create.mutationOptions());
  const form = useAppForm({
    defaultValues: EMPTY_BUSINESS,
    schema: ZCreateBusinessSchema,
    toInput: valuesToBusinessInput,
    onSubmit: async (input) => {
      const business = await create.mutateAsync(input);
      await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      navigate(businessPath(business.id), { replace: true });
    },
  });
  const hasBusinesses = (me.data?.businesses.length ?? 0) > 0;
  const firstName = me.data?.user.fullName.split(" ")[0];
  return (
    <div className="min-h-dvh">
      <header className="flex h-16 items-center justify-between border-b border-ink-200/70 bg-surface px-4 sm:px-8">
        <Link to="/">
          <Logo />
        </Link>
        {me.data ? <UserMenu user={me.data.user} compact /> : null}
      </header>
      {me.data && !me.data.user.emailVerified ? <VerifyEmailBanner email={me.data.user.email} /> : null}
      <main id="main" className="mx-auto max-w-4xl px-4 py-8 sm:px-6 sm:py-12">
        <p className="text-[13px] font-medium text-brand-700">
          {hasBusinesses ? t("onboarding.newBusiness") : t("onboarding.welcome")}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-ink-950 sm:text-3xl">
          {hasBusinesses
            ? t("onboarding.addAnother")
            : firstName
              ? t("onboarding.karibuName", { name: firstName })
              : t("onboarding.karibu")}
        </h1>
        <p className="mt-2 max-w-2xl text-sm text-ink-500">{t("onboarding.lead")}</p>
        {me.data && me.data.pendingInvitations.length > 0 ? (
          <p className="mt-4 text-sm text-ink-700">
            {t("onboarding.joining")}{" "}
            <Link to="/invitations" className="font-medium text-brand-700 hover:underline">
              {t("onboarding.pending", { count: me.data.pendingInvitations.length })}
            </Link>
          </p>
        ) : null}
        <AppForm form={form} problem="manual" className="mt-8">
          <Card>
            <CardBody className="px-5 py-6 sm:px-7">
              <BusinessFormFields form={form} />
            </CardBody>
            {form.problem && !form.problem.fieldErrors ? (
              <div className="px-5 pb-4 sm:px-7">
                <ProblemAlert problem={form.problem} />
              </div>
            ) : null}
            <CardFooter>
              {hasBusinesses ? (
                <ButtonLink to="/" variant="ghost">
                  {t("onboarding.cancel")}
                </ButtonLink>
              ) : null}
              <Button type="submit" size="lg" loading={form.submitting}>
                {t("onboarding.create")}
              </Button>
            </CardFooter>
          </Card>
        </AppForm>
      </main>
    </div>
  );
}
