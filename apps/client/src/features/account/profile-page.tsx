import {
  formatPhone,
  LANGUAGE_LABELS,
  LANGUAGES,
  RISK_TOLERANCES,
  SUPPORTED_CURRENCIES,
  type TNotificationPreferences,
  ZUpdateProfileSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSessionManager } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Avatar } from "../../ui/avatar";
import { Button } from "../../ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "../../ui/card";
import { Field } from "../../ui/field";
import { Checkbox, Input, Select, Textarea } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { Fieldset, TIME_ZONES } from "../business/business-form-fields";
import { useMe } from "../shell/use-me";

type Profile = NonNullable<ReturnType<typeof useMe>["data"]>["user"];

const EMAIL_PREFERENCES: (keyof TNotificationPreferences["email"])[] = [
  "invoicePaid",
  "budgetAlerts",
  "weeklySummary",
  "monthlyReport",
  "securityAlerts",
];
const IN_APP_PREFERENCES: (keyof TNotificationPreferences["inApp"])[] = [
  "invoicePaid",
  "budgetAlerts",
  "teamChanges",
];

function ProfileForm({ profile }: { profile: Profile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSessionManager();
  const { t } = useTranslation("account");
  const update = useMutation(trpc.profile.update.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      fullName: profile.fullName,
      phone: profile.phone ? formatPhone(profile.phone) : "",
      jobTitle: profile.jobTitle ?? "",
      company: profile.company ?? "",
      bio: profile.bio ?? "",
      avatarUrl: profile.avatarUrl ?? "",
      dateOfBirth: profile.dateOfBirth ?? "",
      city: profile.city ?? "",
      country: profile.country ?? "",
      timezone: profile.timezone,
      language: profile.language,
      currency: profile.currency,
      riskTolerance: profile.riskTolerance ?? "",
      notificationPreferences: profile.notificationPreferences,
    },
    schema: ZUpdateProfileSchema,
    toInput: (values) => ({
      ...values,
      riskTolerance: (values.riskTolerance || null) as (typeof RISK_TOLERANCES)[number] | null,
    }),
    onSubmit: async (input) => {
      const saved = await update.mutateAsync(input);
      queryClient.setQueryData(trpc.auth.me.queryKey(), (current) =>
        current ? { ...current, user: saved } : current,
      );
      session.updateUser({ fullName: saved.fullName });
      toast("success", t("profile.saved"));
    },
  });
  const values = form.watch();
  const prefs = values.notificationPreferences;
  const setPref = <G extends keyof TNotificationPreferences>(
    group: G,
    key: keyof TNotificationPreferences[G],
    value: boolean,
  ) => form.setValue("notificationPreferences", { ...prefs, [group]: { ...prefs[group], [key]: value } });

  return (
    <AppForm form={form} problem="manual" className="">
      <Card>
        <CardHeader
          title={t("profile.details")}
          description={t("profile.signedInAs", { email: profile.email })}
        />
        <CardBody className="px-5 py-6 sm:px-7">
          <Fieldset title={t("profile.aboutYou")} description={t("profile.aboutYouHint")}>
            <div className="flex items-center gap-4 sm:col-span-2">
              <Avatar name={values.fullName || profile.fullName} src={values.avatarUrl || null} size="lg" />
              <Field
                label={t("profile.photo")}
                optional
                error={form.error("avatarUrl")}
                className="flex-1"
                description={t("profile.photoHint")}
              >
                <Input
                  inputMode="url"
                  placeholder={t("profile.photoPlaceholder")}
                  {...form.register("avatarUrl")}
                />
              </Field>
            </div>
            <Field label={t("profile.fullName")} error={form.error("fullName")}>
              <Input autoComplete="name" {...form.register("fullName")} />
            </Field>
            <Field label={t("profile.phone")} optional error={form.error("phone")} description="0712 345 678">
              <Input type="tel" inputMode="tel" autoComplete="tel" {...form.register("phone")} />
            </Field>
            <Field label={t("profile.jobTitle")} optional error={form.error("jobTitle")}>
              <Input
                autoComplete="organization-title"
                placeholder={t("profile.jobTitlePlaceholder")}
                {...form.register("jobTitle")}
              />
            </Field>
            <Field label={t("profile.company")} optional error={form.error("company")}>
              <Input autoComplete="organization" {...form.register("company")} />
            </Field>
            <Field label={t("profile.dateOfBirth")} optional error={form.error("dateOfBirth")}>
              <Input type="date" autoComplete="bday" {...form.register("dateOfBirth")} />
            </Field>
            <Field label={t("profile.city")} optional error={form.error("city")}>
              <Input autoComplete="address-level2" {...form.register("city")} />
            </Field>
            <Field label={t("profile.country")} optional error={form.error("country")}>
              <Input
                autoComplete="country-name"
                placeholder={t("profile.countryPlaceholder")}
                {...form.register("country")}
              />
            </Field>
            <Field label={t("profile.about")} optional error={form.error("bio")} className="sm:col-span-2">
              <Textarea rows={3} {...form.register("bio")} />
            </Field>
          </Fieldset>
          <Fieldset title={t("profile.region")} description={t("profile.regionHint")}>
            <Field
              label={t("profile.language")}
              error={form.error("language")}
              description={t("profile.languageHint")}
            >
              <Select
                options={LANGUAGES.map((code) => ({ value: code, label: LANGUAGE_LABELS[code] }))}
                {...form.register("language")}
                value={values.language}
              />
            </Field>
            <Field label={t("profile.timezone")} error={form.error("timezone")}>
              <Select options={TIME_ZONES} {...form.register("timezone")} value={values.timezone} />
            </Field>
            <Field label={t("profile.currency")} error={form.error("currency")}>
              <Select
                options={SUPPORTED_CURRENCIES.map((code) => ({ value: code, label: code }))}
                {...form.register("currency")}
                value={values.currency}
              />
            </Field>
            <Field
              label={t("profile.risk")}
              optional
              error={form.error("riskTolerance")}
              description={t("profile.riskHint")}
            >
              <Select
                options={RISK_TOLERANCES.map((value) => ({ value, label: t(`profile.riskLevel.${value}`) }))}
                placeholder={t("profile.notSet")}
                {...form.register("riskTolerance")}
                value={values.riskTolerance}
              />
            </Field>
          </Fieldset>
          <Fieldset title={t("profile.notifications")} description={t("profile.notificationsHint")}>
            <div className="flex flex-col gap-3">
              <p className="text-[13px] font-semibold text-ink-700">{t("profile.byEmail")}</p>
              {EMAIL_PREFERENCES.map((key) => (
                <Checkbox
                  key={key}
                  label={t(`profile.preference.${key}.label`)}
                  description={t(`profile.preference.${key}.description`)}
                  checked={prefs.email[key]}
                  onChange={(event) => setPref("email", key, event.target.checked)}
                />
              ))}
            </div>
            <div className="flex flex-col gap-3">
              <p className="text-[13px] font-semibold text-ink-700">{t("profile.inApp")}</p>
              {IN_APP_PREFERENCES.map((key) => (
                <Checkbox
                  key={key}
                  label={t(`profile.preference.${key}.label`)}
                  checked={prefs.inApp[key]}
                  onChange={(event) => setPref("inApp", key, event.target.checked)}
                />
              ))}
            </div>
          </Fieldset>
          <FormProblem form={form} />
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            {t("profile.save")}
          </Button>
        </CardFooter>
      </Card>
    </AppForm>
  );
}

export default function ProfilePage() {
  const me = useMe();
  const { t } = useTranslation("account");
  return (
    <>
      <PageHeader title={t("profile.title")} description={t("profile.description")} />
      {me.isPending ? (
        <Card>
          <CardBody className="flex flex-col gap-4" role="status">
            <span className="sr-only">{t("profile.loading")}</span>
            <Skeleton className="h-14 w-14 rounded-full" />
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </CardBody>
        </Card>
      ) : me.isError ? (
        <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <ProfileForm profile={me.data.user} />
      )}
    </>
  );
}
