import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { parseMoney, ZRequestPayoutSchema } from "@kavi/domain";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, HandCoins, Send, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { Notice, ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { useMe } from "../shell/use-me";
import { useMpesaFailureReason } from "./failure-reason";
import { displayPhone, MpesaStatusBadge } from "./mpesa-status";
import { MpesaTabs } from "./mpesa-tabs";

type Payout = inferRouterOutputs<AppRouter>["mpesa"]["payouts"]["list"]["items"][number];

function RequestPayoutDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("mpesa");
  const request = useMutation(trpc.mpesa.payouts.request.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      purpose: "supplier_payment" as "supplier_payment" | "customer_refund",
      payeeId: "",
      phone: "",
      amount: "",
      remarks: "",
    },
    schema: ZRequestPayoutSchema,
    toInput: (values) => ({
      purpose: values.purpose,
      supplierId: values.purpose === "supplier_payment" ? values.payeeId || null : null,
      customerId: values.purpose === "customer_refund" ? values.payeeId || null : null,
      phone: values.phone,
      amountMinor: parseShillings(values.amount),
      remarks: values.remarks,
    }),
    onSubmit: async (input) => {
      await request.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.mpesa.payouts.pathKey() });
      toast("success", t("payouts.requested"), {
        description: t("payouts.requestedHelp"),
      });
      onOpenChange(false);
    },
  });
  const values = form.watch();
  const suppliers = useQuery({
    ...trpc.suppliers.list.queryOptions({ businessId: business.id, limit: 100 }),
    enabled: open && values.purpose === "supplier_payment",
  });
  const customers = useQuery({
    ...trpc.customers.list.queryOptions({ businessId: business.id, limit: 100 }),
    enabled: open && values.purpose === "customer_refund",
  });
  const payees =
    values.purpose === "supplier_payment"
      ? (suppliers.data?.items ?? []).map((row) => ({ value: row.id, label: row.name, phone: row.phone }))
      : (customers.data?.items ?? []).map((row) => ({ value: row.id, label: row.name, phone: row.phone }));
  const payeeError = form.error("supplierId") ?? form.error("customerId");
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("payouts.dialogTitle")}
      description={t("payouts.dialogDescription")}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("request.cancel")}
          </Button>
          <Button type="submit" form="payout-form" loading={form.submitting}>
            <Send aria-hidden /> {t("payouts.askApproval")}
          </Button>
        </>
      }
    >
      <AppForm form={form} problem="manual" id="payout-form" className="space-y-4">
        <Field label={t("payouts.whatFor")}>
          <Select
            value={values.purpose}
            onChange={(event) => {
              form.setValue("purpose", event.target.value as "supplier_payment" | "customer_refund");
              form.setValue("payeeId", "");
            }}
            options={[
              { value: "supplier_payment", label: t("payouts.paySupplier") },
              { value: "customer_refund", label: t("payouts.refundCustomer") },
            ]}
          />
        </Field>
        <Field
          label={values.purpose === "supplier_payment" ? t("payouts.supplier") : t("payouts.customer")}
          error={payeeError}
          required
        >
          <Select
            value={values.payeeId}
            placeholder={t("payouts.choose")}
            onChange={(event) => {
              form.setValue("payeeId", event.target.value);
              const payee = payees.find((option) => option.value === event.target.value);
              if (payee?.phone && !values.phone) form.setValue("phone", payee.phone);
            }}
            options={payees.map(({ value, label }) => ({ value, label }))}
          />
        </Field>
        <Field label={t("payouts.phone")} error={form.error("phone")} required>
          <Input {...form.register("phone")} inputMode="tel" placeholder="0712 345 678" />
        </Field>
        <Field
          label={t("request.amount")}
          error={form.error("amountMinor")}
          description={t("payouts.amountHelp")}
          required
        >
          <Input {...form.register("amount")} inputMode="numeric" placeholder="2500" />
        </Field>
        <Field
          label={t("payouts.remarks")}
          error={form.error("remarks")}
          description={t("payouts.remarksHelp")}
          required
        >
          <Input
            {...form.register("remarks")}
            maxLength={100}
            placeholder={t("payouts.remarksPlaceholder")}
          />
        </Field>
        <FormProblem form={form} />
      </AppForm>
    </Dialog>
  );
}

function parseShillings(text: string): bigint {
  try {
    return parseMoney(text || "0", "KES");
  } catch {
    return 0n;
  }
}

function RejectDialog({ payout, onClose }: { payout: Payout; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("mpesa");
  const [reason, setReason] = useState("");
  const reject = useMutation(trpc.mpesa.payouts.reject.mutationOptions());
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("payouts.rejectTitle")}
      description={t("payouts.rejectDescription")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("payouts.keep")}
          </Button>
          <Button
            variant="danger"
            loading={reject.isPending}
            onClick={() =>
              reject.mutate(
                { businessId: business.id, payoutId: payout.id, reason },
                {
                  onSuccess: async () => {
                    await queryClient.invalidateQueries({ queryKey: trpc.mpesa.payouts.pathKey() });
                    toast("success", t("payouts.rejected"));
                    onClose();
                  },
                },
              )
            }
          >
            {t("reversals.reject")}
          </Button>
        </>
      }
    >
      <Field label={t("payouts.reason")} required>
        <Input
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder={t("payouts.reasonPlaceholder")}
        />
      </Field>
      {reject.error ? <ProblemAlert error={reject.error} className="mt-3" /> : null}
    </Dialog>
  );
}

function PayoutsPage() {
  const trpc = useTRPC();
  const payoutReasonOf = useMpesaFailureReason("payout");
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const me = useMe();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const canRequest = can("payouts.request");
  const canApprove = can("payouts.approve");
  const [requesting, setRequesting] = useState(false);
  const [rejecting, setRejecting] = useState<Payout | null>(null);
  const status = useQuery(trpc.mpesa.status.queryOptions({ businessId: business.id }));
  const payouts = useInfiniteQuery(
    trpc.mpesa.payouts.list.infiniteQueryOptions(
      { businessId: business.id, status: "all", limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 5_000 },
    ),
  );
  const approve = useMutation(trpc.mpesa.payouts.approve.mutationOptions());
  const payoutsReady = status.data?.configured === true && status.data.payoutsReady;
  const items = payouts.data?.pages.flatMap((page) => page.items) ?? [];
  const myId = me.data?.user.id;
  return (
    <>
      <PageHeader
        title={t("payouts.title")}
        description={t("payouts.description")}
        actions={
          canRequest ? (
            <Button onClick={() => setRequesting(true)} disabled={!payoutsReady}>
              <HandCoins aria-hidden /> {t("payouts.new")}
            </Button>
          ) : null
        }
      />
      <MpesaTabs />
      {status.data && !payoutsReady ? (
        <Notice tone="info" className="mb-4">
          {t("payouts.notReady")}
        </Notice>
      ) : null}
      {approve.error ? <ProblemAlert error={approve.error} className="mb-4" /> : null}
      <Card>
        {payouts.isPending ? (
          <SkeletonList rows={4} label={t("payouts.loading")} />
        ) : payouts.error ? (
          <ProblemAlert error={payouts.error} onRetry={() => payouts.refetch()} className="m-5" />
        ) : items.length === 0 ? (
          <EmptyState
            icon={HandCoins}
            title={t("payouts.emptyTitle")}
            description={t("payouts.emptyDescription")}
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>{t("payouts.requestedAt")}</TH>
                <TH>{t("payouts.to")}</TH>
                <TH className="text-right">{t("payments.amount")}</TH>
                <TH>{t("payments.status")}</TH>
                <TH className="text-right">
                  <span className="sr-only">{t("payouts.actions")}</span>
                </TH>
              </tr>
            </THead>
            <tbody>
              {items.map((payout) => {
                const mine = payout.requestedByUserId === myId;
                return (
                  <TR key={payout.id}>
                    <TD className="whitespace-nowrap">
                      <span className="block text-ink-900">{format.dateTime(payout.createdAt)}</span>
                      <span className="block text-[12px] text-ink-500">
                        {payout.purpose === "customer_refund"
                          ? t("payouts.refund")
                          : t("payouts.supplierPayment")}
                      </span>
                    </TD>
                    <TD>
                      <span className="block font-medium text-ink-900">{payout.payeeName ?? "—"}</span>
                      <span className="block text-[12px] text-ink-500">
                        {displayPhone(payout.phone)} · {payout.remarks}
                      </span>
                    </TD>
                    <TD className="text-right tabular">
                      {format.money(payout.amountMinor, payout.currency)}
                    </TD>
                    <TD>
                      <MpesaStatusBadge status={payout.status} subject="payout" />
                      {payout.receipt ? (
                        <span className="mt-1 block font-mono text-[12px] text-ink-600">
                          {payout.receipt}
                        </span>
                      ) : null}
                      {payout.failureReason && payout.status !== "paid" ? (
                        <span className="mt-1 block max-w-64 text-[12px] text-ink-500">
                          {payoutReasonOf(payout)}
                        </span>
                      ) : null}
                      {payout.rejectionReason ? (
                        <span className="mt-1 block max-w-64 text-[12px] text-ink-500">
                          {payout.rejectionReason}
                        </span>
                      ) : null}
                    </TD>
                    <TD className="text-right">
                      {payout.status === "awaiting_approval" && canApprove ? (
                        mine ? (
                          <span className="text-[12px] text-ink-500">{t("reversals.anotherOwner")}</span>
                        ) : (
                          <div className="flex justify-end gap-2">
                            <Button variant="secondary" size="sm" onClick={() => setRejecting(payout)}>
                              <X aria-hidden /> {t("reversals.reject")}
                            </Button>
                            <Button
                              size="sm"
                              loading={approve.isPending && approve.variables?.payoutId === payout.id}
                              onClick={() =>
                                approve.mutate(
                                  { businessId: business.id, payoutId: payout.id },
                                  {
                                    onSuccess: async () => {
                                      await queryClient.invalidateQueries({
                                        queryKey: trpc.mpesa.payouts.pathKey(),
                                      });
                                      toast("success", t("payouts.approved"));
                                    },
                                  },
                                )
                              }
                            >
                              <Check aria-hidden /> {t("reversals.approve")}
                            </Button>
                          </div>
                        )
                      ) : null}
                    </TD>
                  </TR>
                );
              })}
            </tbody>
          </Table>
        )}
        {payouts.hasNextPage ? (
          <div className="flex justify-center border-t border-ink-100 p-3">
            <Button
              variant="secondary"
              loading={payouts.isFetchingNextPage}
              onClick={() => payouts.fetchNextPage()}
            >
              {t("payments.showMore")}
            </Button>
          </div>
        ) : null}
      </Card>
      {canRequest ? <RequestPayoutDialog open={requesting} onOpenChange={setRequesting} /> : null}
      {rejecting ? <RejectDialog payout={rejecting} onClose={() => setRejecting(null)} /> : null}
    </>
  );
}

export default function PayoutsRoute() {
  return (
    <RequireAccess requirement="payouts.read">
      <PayoutsPage />
    </RequireAccess>
  );
}
