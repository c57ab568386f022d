import { PASSWORD_MIN_LENGTH, ZChangePasswordSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOut, Monitor, Smartphone } from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocale, useProblemMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useSessionManager } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { PasswordInput } from "../auth/password-input";
import { AccountExportCard, DeleteAccountCard } from "../data-rights/data-rights-cards";
import { useMe } from "../shell/use-me";
import { rememberSecurityReview } from "./security-review";

function SessionsCard() {
  const { t } = useTranslation("account");
  const { locale } = useLocale();
  const problemMessage = useProblemMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSessionManager();
  const me = useMe();
  const timeZone = me.data?.user.timezone;
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
        toast("success", t("security.deviceOut"));
      },
      onError: (error) => {
        const problem = toProblem(error);
        toast("error", problemMessage(problem), { requestId: problem.requestId });
      },
    }),
  );
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({ onSuccess: () => session.end("signed-out") }),
  );
  return (
    <Card>
      <CardHeader
        title={t("security.sessions")}
        description={t("security.sessionsHint")}
        actions={
          <Button variant="secondary" size="sm" onClick={() => setConfirmEverywhere(true)}>
            <LogOut aria-hidden /> {t("security.everywhere")}
          </Button>
        }
      />
      {sessions.isPending ? (
        <div className="p-5">
          <SkeletonList rows={2} label={t("security.loading")} />
        </div>
      ) : sessions.isError ? (
        <div className="p-5">
          <ProblemAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
        </div>
      ) : (
        <ul className="divide-y divide-ink-100">
          {sessions.data.map((item) => {
            const mobile = /android|iphone|ipad|mobile/i.test(
              `${item.deviceLabel ?? ""} ${item.userAgent ?? ""}`,
            );
            const Icon = mobile ? Smartphone : Monitor;
            return (
              <li key={item.id} className="flex items-center gap-3 px-5 py-3.5">
                <span className="grid size-9 shrink-0 place-items-center rounded-md bg-ink-100 text-ink-600">
                  <Icon className="size-4" aria-hidden />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-ink-900">
                    {item.deviceLabel ?? t("security.unknownDevice")}
                    {item.current ? <Badge tone="brand">{t("security.thisDevice")}</Badge> : null}
                  </p>
                  <p className="mt-0.5 text-[13px] text-ink-500">
                    {item.ip ?? t("security.unknownIp")} · {t("security.lastSeen")}{" "}
                    <time
                      dateTime={item.lastSeenAt.toISOString()}
                      title={formatDateTime(item.lastSeenAt, timeZone, locale)}
                    >
                      {formatRelative(item.lastSeenAt, timeZone, undefined, locale)}
                    </time>
                    <span className="hidden sm:inline">
                      {" "}
                      · {t("security.signedIn", { when: formatDateTime(item.createdAt, timeZone, locale) })}
                    </span>
                  </p>
                </div>
                {item.current ? null : (
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={revoke.isPending && revoke.variables?.sessionId === item.id}
                    onClick={() => revoke.mutate({ sessionId: item.id })}
                  >
                    {t("security.signOut")}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Dialog
        open={confirmEverywhere}
        onOpenChange={setConfirmEverywhere}
        title={t("security.everywhereTitle")}
        description={t("security.everywhereBody")}
        size="sm"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmEverywhere(false)}>
              {t("security.cancel")}
            </Button>
            <Button variant="danger" loading={everywhere.isPending} onClick={() => everywhere.mutate()}>
              {t("security.everywhere")}
            </Button>
          </>
        }
      >
        {everywhere.error ? <ProblemAlert error={everywhere.error} /> : null}
      </Dialog>
    </Card>
  );
}

function ChangePasswordCard() {
  const { t } = useTranslation("account");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const form = useAppForm({
    defaultValues: { currentPassword: "", newPassword: "" },
    schema: ZChangePasswordSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      await change.mutateAsync(input);
      form.reset({ currentPassword: "", newPassword: "" });
      await queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
      toast("success", t("security.changed"), { description: t("security.changedBody") });
    },
  });
  return (
    <AppForm form={form} problem="manual" className="">
      <Card>
        <CardHeader title={t("security.changeTitle")} description={t("security.changeHint")} />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field label={t("security.current")} error={form.error("currentPassword")}>
            <PasswordInput autoComplete="current-password" {...form.register("currentPassword")} />
          </Field>
          <Field
            label={t("security.new")}
            error={form.error("newPassword")}
            description={t("security.newHint", { count: PASSWORD_MIN_LENGTH })}
          >
            <PasswordInput autoComplete="new-password" {...form.register("newPassword")} />
          </Field>
          <FormProblem form={form} className="sm:col-span-2" />
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            {t("security.change")}
          </Button>
        </CardFooter>
      </Card>
    </AppForm>
  );
}

function useRememberReview() {
  const me = useMe();
  const userId = me.data?.user.id;
  useEffect(() => {
    if (!userId) return;
    rememberSecurityReview(userId);
  }, [userId]);
}

export default function SecurityPage() {
  const { t } = useTranslation("account");
  useRememberReview();
  return (
    <>
      <PageHeader title={t("security.title")} description={t("security.description")} />
      <div className="flex flex-col gap-6">
        <SessionsCard />
        <ChangePasswordCard />
        <AccountExportCard />
        <DeleteAccountCard />
      </div>
    </>
  );
}
