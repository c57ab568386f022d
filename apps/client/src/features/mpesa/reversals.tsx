import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { ZRejectReversalSchema, ZRequestReversalSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Undo2, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Badge, type BadgeTone } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { ProblemAlert } from "../../ui/problem";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { useMe } from "../shell/use-me";
import { useMpesaFailureReason } from "./failure-reason";

type Reversal = inferRouterOutputs<AppRouter>["mpesa"]["reversals"]["list"][number];

/** Each status's colour; its words are mpesa:reversals.status.<status>. */
const STATUS_TONES: Record<Reversal["status"], BadgeTone> = {
  awaiting_approval: "warning",
  rejected: "neutral",
  approved: "info",
  sending: "info",
  sent: "info",
  confirming: "info",
  reversed: "success",
  failed: "danger",
};

function useRefreshReversals() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.mpesa.reversals.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.mpesa.payments.pathKey() }),
    ]);
}

/** The maker's step: ask for a payment received by mistake to be sent back; another owner approves it. */
export function ReverseDialog({
  payment,
  onClose,
}: {
  payment: { id: string; amountMinor: bigint; currency: string; receipt: string | null };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshReversals();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const request = useMutation(trpc.mpesa.reversals.request.mutationOptions());
  const form = useAppForm({
    defaultValues: { reason: "" },
    schema: ZRequestReversalSchema,
    toInput: (values) => ({ mpesaPaymentId: payment.id, reason: values.reason }),
    onSubmit: async (input) => {
      await request.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", t("reversals.asked"), {
        description: t("reversals.askedHelp"),
      });
      onClose();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("reversals.sendBackTitle", { amount: format.money(payment.amountMinor, payment.currency) })}
      description={t("reversals.sendBackDescription", { receipt: payment.receipt ?? "—" })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("request.cancel")}
          </Button>
          <Button type="submit" form="mpesa-reverse" variant="danger" loading={form.submitting}>
            <Undo2 aria-hidden /> {t("reversals.ask")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="mpesa-reverse" problem="manual" className="space-y-3">
        <Field label={t("reversals.why")} error={form.error("reason")} required>
          <Input {...form.register("reason")} maxLength={100} placeholder={t("reversals.whyPlaceholder")} />
        </Field>
        <FormProblem form={form} />
      </AppForm>
    </Dialog>
  );
}

function RejectReversalDialog({ reversal, onClose }: { reversal: Reversal; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshReversals();
  const { business } = useBusiness();
  const { t } = useTranslation("mpesa");
  const reject = useMutation(trpc.mpesa.reversals.reject.mutationOptions());
  const form = useAppForm({
    defaultValues: { reason: "" },
    schema: ZRejectReversalSchema,
    toInput: (values) => ({ reversalId: reversal.id, reason: values.reason }),
    onSubmit: async (input) => {
      await reject.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", t("reversals.rejected"));
      onClose();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("reversals.rejectTitle")}
      description={t("reversals.rejectDescription", { receipt: reversal.receipt })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("request.cancel")}
          </Button>
          <Button type="submit" form="mpesa-reject-reversal" loading={form.submitting}>
            {t("reversals.reject")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="mpesa-reject-reversal" problem="manual" className="space-y-3">
        <Field label={t("reversals.whyNot")} error={form.error("reason")} required>
          <Input {...form.register("reason")} maxLength={300} />
        </Field>
        <FormProblem form={form} />
      </AppForm>
    </Dialog>
  );
}

/**
 * Reversals asked for, and where each stands; owners other than the one who asked approve or reject. Given a
 * payment, only that payment's (its own page); otherwise the business's (the Unreconciled inbox).
 */
export function ReversalsCard({ mpesaPaymentId = null }: { mpesaPaymentId?: string | null }) {
  const trpc = useTRPC();
  const reasonOf = useMpesaFailureReason("payout");
  const refresh = useRefreshReversals();
  const { business, can } = useBusiness();
  const me = useMe();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const canApprove = can("reversals.approve");
  const [rejecting, setRejecting] = useState<Reversal | null>(null);
  const list = useQuery({
    ...trpc.mpesa.reversals.list.queryOptions({ businessId: business.id, mpesaPaymentId }),
    refetchInterval: (query) =>
      query.state.data?.some((item) => ["approved", "sending", "sent", "confirming"].includes(item.status))
        ? 3_000
        : false,
  });
  const approve = useMutation(trpc.mpesa.reversals.approve.mutationOptions());
  if (list.isPending || (list.data && list.data.length === 0)) return null;
  if (list.error) return <ProblemAlert error={list.error} onRetry={() => list.refetch()} className="mb-4" />;
  return (
    <Card className="mb-4">
      <CardHeader title={t("reversals.title")} description={t("reversals.description")} />
      {approve.error ? <ProblemAlert error={approve.error} className="mx-5 mt-3" /> : null}
      <ul className="divide-y divide-ink-100">
        {list.data.map((reversal) => {
          const mine = reversal.requestedByUserId === me.data?.user.id;
          return (
            <li
              key={reversal.id}
              className="flex flex-col gap-3 px-5 py-3 sm:flex-row sm:items-center sm:justify-between"
            >
              <div className="min-w-0">
                <p className="text-sm font-semibold text-ink-950 tabular">
                  {format.money(reversal.amountMinor, reversal.currency)}{" "}
                  <span className="font-mono text-[13px] font-normal text-ink-600">{reversal.receipt}</span>
                </p>
                <p className="text-[13px] text-ink-600">
                  {reversal.reason} ·{" "}
                  {t("reversals.askedBy", {
                    name: reversal.requestedByName ?? t("reversals.someone"),
                    time: format.dateTime(reversal.createdAt),
                  })}
                </p>
                {reversal.failureReason || reversal.rejectionReason ? (
                  <p className="text-[13px] text-ink-500">{reasonOf(reversal) ?? reversal.rejectionReason}</p>
                ) : null}
              </div>
              <div className="flex shrink-0 items-center gap-2">
                <Badge tone={STATUS_TONES[reversal.status]}>{t(`reversals.status.${reversal.status}`)}</Badge>
                {reversal.status === "awaiting_approval" && canApprove ? (
                  mine ? (
                    <span className="text-[12px] text-ink-500">{t("reversals.anotherOwner")}</span>
                  ) : (
                    <>
                      <Button variant="secondary" size="sm" onClick={() => setRejecting(reversal)}>
                        <X aria-hidden /> {t("reversals.reject")}
                      </Button>
                      <Button
                        size="sm"
                        variant="danger"
                        loading={approve.isPending && approve.variables?.reversalId === reversal.id}
                        onClick={() =>
                          approve.mutate(
                            { businessId: business.id, reversalId: reversal.id },
                            {
                              onSuccess: async () => {
                                await refresh();
                                toast("success", t("reversals.approved"));
                              },
                            },
                          )
                        }
                      >
                        <Check aria-hidden /> {t("reversals.approve")}
                      </Button>
                    </>
                  )
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {rejecting ? <RejectReversalDialog reversal={rejecting} onClose={() => setRejecting(null)} /> : null}
    </Card>
  );
}
