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

const EMAIL_PREFERENCES: {
  key: keyof TNotificationPreferences["email"];
  label: string;
  description: string;
}[] = [
  {
    key: "invoicePaid",
    label: "An invoice is paid",
    description: "Including M-Pesa payments matched to it.",
  },
  { key: "budgetAlerts", label: "Budget alerts", description: "When spending nears a budget's limit." },
  { key: "weeklySummary", label: "Weekly summary", description: "Monday morning, your week in numbers." },
  {
    key: "monthlyReport",
    label: "Monthly report",
    description: "Owners: on the 1st, last month's profit and loss with the PDF.",
  },
  { key: "securityAlerts", label: "Security alerts", description: "New sign-ins and password changes." },
];
const IN_APP_PREFERENCES: { key: keyof TNotificationPreferences["inApp"]; label: string }[] = [
  { key: "invoicePaid", label: "An invoice is paid" },
  { key: "budgetAlerts", label: "Budget alerts" },
  { key: "teamChanges", label: "Team changes" },
];
const RISK_LABELS = {
  low: "Careful: protect cash first",
  medium: "Balanced",
  high: "Bold: grow faster",
} as const;

function ProfileForm({ profile }: { profile: Profile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSessionManager();
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
      toast("success", "Profile saved");
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
          title="Your details"
          description={`Signed in as ${profile.email}. Your email is your sign-in and can't be changed here.`}
        />
        <CardBody className="px-5 py-6 sm:px-7">
          <Fieldset title="About you" description="Colleagues see your name and photo.">
            <div className="flex items-center gap-4 sm:col-span-2">
              <Avatar name={values.fullName || profile.fullName} src={values.avatarUrl || null} size="lg" />
              <Field
                label="Photo address"
                optional
                error={form.error("avatarUrl")}
                className="flex-1"
                description="A link to a square image."
              >
                <Input inputMode="url" placeholder="https://…" {...form.register("avatarUrl")} />
              </Field>
            </div>
            <Field label="Full name" error={form.error("fullName")}>
              <Input autoComplete="name" {...form.register("fullName")} />
            </Field>
            <Field label="Phone" optional error={form.error("phone")} description="0712 345 678">
              <Input type="tel" inputMode="tel" autoComplete="tel" {...form.register("phone")} />
            </Field>
            <Field label="Job title" optional error={form.error("jobTitle")}>
              <Input
                autoComplete="organization-title"
                placeholder="Owner, accountant, shop manager…"
                {...form.register("jobTitle")}
              />
            </Field>
            <Field label="Company" optional error={form.error("company")}>
              <Input autoComplete="organization" {...form.register("company")} />
            </Field>
            <Field label="Date of birth" optional error={form.error("dateOfBirth")}>
              <Input type="date" autoComplete="bday" {...form.register("dateOfBirth")} />
            </Field>
            <Field label="City" optional error={form.error("city")}>
              <Input autoComplete="address-level2" {...form.register("city")} />
            </Field>
            <Field label="Country" optional error={form.error("country")}>
              <Input autoComplete="country-name" placeholder="Kenya" {...form.register("country")} />
            </Field>
            <Field label="About" optional error={form.error("bio")} className="sm:col-span-2">
              <Textarea rows={3} {...form.register("bio")} />
            </Field>
          </Fieldset>
          <Fieldset
            title="Language and region"
            description="How KAVI talks to you and shows times and money."
          >
            <Field
              label="Language"
              error={form.error("language")}
              description="Screens are in English for now; we keep your choice for when Kiswahili arrives."
            >
              <Select
                options={LANGUAGES.map((code) => ({ value: code, label: LANGUAGE_LABELS[code] }))}
                {...form.register("language")}
                value={values.language}
              />
            </Field>
            <Field label="Time zone" error={form.error("timezone")}>
              <Select options={TIME_ZONES} {...form.register("timezone")} value={values.timezone} />
            </Field>
            <Field label="Preferred currency" error={form.error("currency")}>
              <Select
                options={SUPPORTED_CURRENCIES.map((code) => ({ value: code, label: code }))}
                {...form.register("currency")}
                value={values.currency}
              />
            </Field>
            <Field
              label="Attitude to risk"
              optional
              error={form.error("riskTolerance")}
              description="The assistant uses it when it suggests plans."
            >
              <Select
                options={RISK_TOLERANCES.map((value) => ({ value, label: RISK_LABELS[value] }))}
                placeholder="Not set"
                {...form.register("riskTolerance")}
                value={values.riskTolerance}
              />
            </Field>
          </Fieldset>
          <Fieldset title="Notifications" description="Choose what reaches you, and where.">
            <div className="flex flex-col gap-3">
              <p className="text-[13px] font-semibold text-ink-700">By email</p>
              {EMAIL_PREFERENCES.map((pref) => (
                <Checkbox
                  key={pref.key}
                  label={pref.label}
                  description={pref.description}
                  checked={prefs.email[pref.key]}
                  onChange={(event) => setPref("email", pref.key, event.target.checked)}
                />
              ))}
            </div>
            <div className="flex flex-col gap-3">
              <p className="text-[13px] font-semibold text-ink-700">In KAVI</p>
              {IN_APP_PREFERENCES.map((pref) => (
                <Checkbox
                  key={pref.key}
                  label={pref.label}
                  checked={prefs.inApp[pref.key]}
                  onChange={(event) => setPref("inApp", pref.key, event.target.checked)}
                />
              ))}
            </div>
          </Fieldset>
          <FormProblem form={form} />
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            Save profile
          </Button>
        </CardFooter>
      </Card>
    </AppForm>
  );
}

export default function ProfilePage() {
  const me = useMe();
  return (
    <>
      <PageHeader
        title="Profile"
        description="Your personal details and preferences, across every business."
      />
      {me.isPending ? (
        <Card>
          <CardBody className="flex flex-col gap-4" role="status">
            <span className="sr-only">Loading profile…</span>
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
