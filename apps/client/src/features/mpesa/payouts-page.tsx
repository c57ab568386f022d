import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { parseMoney, ZRequestPayoutSchema } from "@kavi/domain";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, HandCoins, Send, X } from "lucide-react";
import { useState } from "react";
import { useZodForm } from "../../lib/form";
import { useTRPC } from "../../lib/trpc";
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
  const request = useMutation(trpc.mpesa.payouts.request.mutationOptions());
  const form = useZodForm({
    initialValues: {
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
      toast("success", "Payout requested", {
        description: "An owner has to approve it before M-Pesa sends it.",
      });
      onOpenChange(false);
    },
  });
  const suppliers = useQuery({
    ...trpc.suppliers.list.queryOptions({ businessId: business.id, limit: 100 }),
    enabled: open && form.values.purpose === "supplier_payment",
  });
  const customers = useQuery({
    ...trpc.customers.list.queryOptions({ businessId: business.id, limit: 100 }),
    enabled: open && form.values.purpose === "customer_refund",
  });
  const payees =
    form.values.purpose === "supplier_payment"
      ? (suppliers.data?.items ?? []).map((row) => ({ value: row.id, label: row.name, phone: row.phone }))
      : (customers.data?.items ?? []).map((row) => ({ value: row.id, label: row.name, phone: row.phone }));
  const payeeError = form.errors.supplierId ?? form.errors.customerId;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Pay by M-Pesa"
      description="Pay a supplier or refund a customer to their phone. An owner approves it before anything is sent."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" form="payout-form" loading={form.submitting}>
            <Send aria-hidden /> Ask for approval
          </Button>
        </>
      }
    >
      <form id="payout-form" ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="space-y-4">
        <Field label="What for">
          <Select
            value={form.values.purpose}
            onChange={(event) => {
              form.setValue("purpose", event.target.value as "supplier_payment" | "customer_refund");
              form.setValue("payeeId", "");
            }}
            options={[
              { value: "supplier_payment", label: "Pay a supplier" },
              { value: "customer_refund", label: "Refund a customer" },
            ]}
          />
        </Field>
        <Field
          label={form.values.purpose === "supplier_payment" ? "Supplier" : "Customer"}
          error={payeeError}
          required
        >
          <Select
            value={form.values.payeeId}
            placeholder="Choose…"
            onChange={(event) => {
              form.setValue("payeeId", event.target.value);
              const payee = payees.find((option) => option.value === event.target.value);
              if (payee?.phone && !form.values.phone) form.setValue("phone", payee.phone);
            }}
            options={payees.map(({ value, label }) => ({ value, label }))}
          />
        </Field>
        <Field label="M-Pesa number" error={form.errors.phone} required>
          <Input {...form.text("phone")} inputMode="tel" placeholder="0712 345 678" />
        </Field>
        <Field
          label="Amount (KES)"
          error={form.errors.amountMinor}
          description="Whole shillings, at least KES 10."
          required
        >
          <Input {...form.text("amount")} inputMode="numeric" placeholder="2500" />
        </Field>
        <Field
          label="Remarks"
          error={form.errors.remarks}
          description="Shown to M-Pesa and in your books."
          required
        >
          <Input {...form.text("remarks")} maxLength={100} placeholder="Sukuma wiki, 3 crates" />
        </Field>
        {form.problem && !form.problem.fieldErrors ? <ProblemAlert problem={form.problem} /> : null}
      </form>
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
  const [reason, setReason] = useState("");
  const reject = useMutation(trpc.mpesa.payouts.reject.mutationOptions());
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Reject this payout?"
      description="Nothing is sent. The person who asked sees your reason."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Keep it
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
                    toast("success", "Payout rejected");
                    onClose();
                  },
                },
              )
            }
          >
            Reject
          </Button>
        </>
      }
    >
      <Field label="Reason" required>
        <Input
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder="Paid in cash already"
        />
      </Field>
      {reject.error ? <ProblemAlert error={reject.error} className="mt-3" /> : null}
    </Dialog>
  );
}

function PayoutsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const me = useMe();
  const format = useBusinessFormat();
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
        title="M-Pesa payouts"
        description="Pay suppliers and refund customers to their phones. Admins ask; an owner approves; M-Pesa sends."
        actions={
          canRequest ? (
            <Button onClick={() => setRequesting(true)} disabled={!payoutsReady}>
              <HandCoins aria-hidden /> New payout
            </Button>
          ) : null
        }
      />
      <MpesaTabs />
      {status.data && !payoutsReady ? (
        <Notice tone="info" className="mb-4">
          Payouts need the initiator name, security credential and payout shortcode in Settings → M-Pesa.
        </Notice>
      ) : null}
      {approve.error ? <ProblemAlert error={approve.error} className="mb-4" /> : null}
      <Card>
        {payouts.isPending ? (
          <SkeletonList rows={4} label="Loading payouts" />
        ) : payouts.error ? (
          <ProblemAlert error={payouts.error} onRetry={() => payouts.refetch()} className="m-5" />
        ) : items.length === 0 ? (
          <EmptyState
            icon={HandCoins}
            title="No payouts yet"
            description="Payouts you ask for and approve appear here with their M-Pesa receipts."
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Requested</TH>
                <TH>To</TH>
                <TH className="text-right">Amount</TH>
                <TH>Status</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
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
                        {payout.purpose === "customer_refund" ? "Refund" : "Supplier payment"}
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
                          {payout.failureReason}
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
                          <span className="text-[12px] text-ink-500">Another owner approves</span>
                        ) : (
                          <div className="flex justify-end gap-2">
                            <Button variant="secondary" size="sm" onClick={() => setRejecting(payout)}>
                              <X aria-hidden /> Reject
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
                                      toast("success", "Approved: M-Pesa is sending it");
                                    },
                                  },
                                )
                              }
                            >
                              <Check aria-hidden /> Approve
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
              Show more
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
