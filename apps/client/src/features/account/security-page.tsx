import { PASSWORD_MIN_LENGTH, ZChangePasswordSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOut, Monitor, Smartphone } from "lucide-react";
import { useEffect, useState } from "react";
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
import { useMe } from "../shell/use-me";
import { rememberSecurityReview } from "./security-review";

function SessionsCard() {
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
        toast("success", "Device signed out");
      },
      onError: (error) => {
        const problem = toProblem(error);
        toast("error", problem.message, { requestId: problem.requestId });
      },
    }),
  );
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({ onSuccess: () => session.end("signed-out") }),
  );
  return (
    <Card>
      <CardHeader
        title="Where you're signed in"
        description="If you don't recognise a device, sign it out and change your password."
        actions={
          <Button variant="secondary" size="sm" onClick={() => setConfirmEverywhere(true)}>
            <LogOut aria-hidden /> Sign out everywhere
          </Button>
        }
      />
      {sessions.isPending ? (
        <div className="p-5">
          <SkeletonList rows={2} label="Loading sessions" />
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
                    {item.deviceLabel ?? "Unknown device"}
                    {item.current ? <Badge tone="brand">This device</Badge> : null}
                  </p>
                  <p className="mt-0.5 text-[13px] text-ink-500">
                    {item.ip ?? "Unknown IP"} · Last seen{" "}
                    <time
                      dateTime={item.lastSeenAt.toISOString()}
                      title={formatDateTime(item.lastSeenAt, timeZone)}
                    >
                      {formatRelative(item.lastSeenAt, timeZone)}
                    </time>
                    <span className="hidden sm:inline">
                      {" "}
                      · Signed in {formatDateTime(item.createdAt, timeZone)}
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
                    Sign out
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
        title="Sign out everywhere?"
        description="Every device, this one included, will need your password again."
        size="sm"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmEverywhere(false)}>
              Cancel
            </Button>
            <Button variant="danger" loading={everywhere.isPending} onClick={() => everywhere.mutate()}>
              Sign out everywhere
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
      toast("success", "Password changed", { description: "Your other devices were signed out." });
    },
  });
  return (
    <AppForm form={form} problem="manual" className="">
      <Card>
        <CardHeader title="Change password" description="Changing it signs out your other devices." />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field label="Current password" error={form.error("currentPassword")}>
            <PasswordInput autoComplete="current-password" {...form.register("currentPassword")} />
          </Field>
          <Field
            label="New password"
            error={form.error("newPassword")}
            description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          >
            <PasswordInput autoComplete="new-password" {...form.register("newPassword")} />
          </Field>
          <FormProblem form={form} className="sm:col-span-2" />
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            Change password
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
  useRememberReview();
  return (
    <>
      <PageHeader title="Security" description="Your password and the devices signed in to your account." />
      <div className="flex flex-col gap-6">
        <SessionsCard />
        <ChangePasswordCard />
      </div>
    </>
  );
}
