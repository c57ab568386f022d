import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { ZBookMpesaPaymentSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCheck, FileCheck2, Inbox, Landmark, Undo2 } from "lucide-react";
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
import { Input } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Spinner } from "../../ui/spinner";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { displayPhone } from "./mpesa-status";
import { MpesaTabs } from "./mpesa-tabs";
import { ReversalsCard, ReverseDialog } from "./reversals";

type Payment = inferRouterOutputs<AppRouter>["mpesa"]["payments"]["unreconciled"][number];

function MatchDialog({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const [search, setSearch] = useState(payment.billRefNumber ?? "");
  const invoices = useQuery(
    trpc.mpesa.payments.openInvoices.queryOptions({ businessId: business.id, search }),
  );
  const match = useMutation(trpc.mpesa.payments.matchToInvoice.mutationOptions());
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("unreconciled.matchTitle", { amount: format.money(payment.amountMinor, payment.currency) })}
      description={[
        t("unreconciled.receipt", { receipt: payment.receipt ?? "—" }),
        payment.billRefNumber ? t("unreconciled.typed", { reference: payment.billRefNumber }) : null,
      ]
        .filter(Boolean)
        .join(" · ")}
      footer={
        <Button variant="secondary" onClick={onClose}>
          {t("request.cancel")}
        </Button>
      }
    >
      <div className="space-y-3">
        <Field label={t("unreconciled.find")}>
          <Input
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder={t("unreconciled.findPlaceholder")}
          />
        </Field>
        {match.error ? <ProblemAlert error={match.error} /> : null}
        <ul className="max-h-64 divide-y divide-ink-100 overflow-y-auto rounded-md border border-ink-200">
          {invoices.isPending ? (
            <li className="flex justify-center p-4">
              <Spinner />
            </li>
          ) : (invoices.data ?? []).length === 0 ? (
            <li className="p-4 text-sm text-ink-500">{t("request.noMatch")}</li>
          ) : (
            (invoices.data ?? []).map((invoice) => (
              <li key={invoice.id} className="flex items-center justify-between gap-3 px-3 py-2.5 text-sm">
                <span className="min-w-0">
                  <span className="block font-medium text-ink-900">{invoice.invoiceNumber}</span>
                  <span className="block truncate text-[13px] text-ink-500">
                    {invoice.customerName} ·{" "}
                    {t("request.due", { amount: format.money(invoice.balanceMinor) })}
                  </span>
                </span>
                <Button
                  size="sm"
                  loading={match.isPending && match.variables?.invoiceId === invoice.id}
                  onClick={() =>
                    match.mutate(
                      { businessId: business.id, mpesaPaymentId: payment.id, invoiceId: invoice.id },
                      {
                        onSuccess: async () => {
                          await queryClient.invalidateQueries({ queryKey: trpc.mpesa.payments.pathKey() });
                          toast("success", t("unreconciled.matched", { number: invoice.invoiceNumber }));
                          onClose();
                        },
                      },
                    )
                  }
                >
                  {t("unreconciled.match")}
                </Button>
              </li>
            ))
          )}
        </ul>
      </div>
    </Dialog>
  );
}

function BookDialog({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const book = useMutation(trpc.mpesa.payments.bookAsIncome.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      description: [
        payment.payerName
          ? t("unreconciled.bookDescriptionFrom", { name: payment.payerName })
          : t("unreconciled.bookDescription"),
        payment.billRefNumber ? `(${payment.billRefNumber})` : null,
      ]
        .filter(Boolean)
        .join(" "),
    },
    schema: ZBookMpesaPaymentSchema,
    toInput: (values) => ({ mpesaPaymentId: payment.id, description: values.description }),
    onSubmit: async (input) => {
      await book.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.mpesa.payments.pathKey() });
      toast("success", t("unreconciled.booked"));
      onClose();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("unreconciled.bookTitle", { amount: format.money(payment.amountMinor, payment.currency) })}
      description={t("unreconciled.bookHelp")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("request.cancel")}
          </Button>
          <Button type="submit" form="mpesa-book-income" loading={form.submitting}>
            {t("unreconciled.book")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="mpesa-book-income" problem="manual" className="space-y-3">
        <Field label={t("unreconciled.description")} error={form.error("description")}>
          <Input {...form.register("description")} maxLength={500} />
        </Field>
        <FormProblem form={form} />
      </AppForm>
    </Dialog>
  );
}

function UnreconciledPage() {
  const trpc = useTRPC();
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const canResolve = can("payments.write");
  const canReverse = can("reversals.request");
  const inbox = useQuery({
    ...trpc.mpesa.payments.unreconciled.queryOptions({ businessId: business.id }),
    refetchInterval: 15_000,
  });
  const [matching, setMatching] = useState<Payment | null>(null);
  const [booking, setBooking] = useState<Payment | null>(null);
  const [reversing, setReversing] = useState<Payment | null>(null);
  const reversals = useQuery({
    ...trpc.mpesa.reversals.list.queryOptions({ businessId: business.id, mpesaPaymentId: null }),
    enabled: canReverse,
  });
  // A payment already on its way back (or waiting for approval) is not offered again.
  const beingReversed = new Set(
    (reversals.data ?? [])
      .filter((reversal) => reversal.status !== "rejected" && reversal.status !== "failed")
      .map((reversal) => reversal.mpesaPaymentId),
  );
  return (
    <>
      <PageHeader title={t("unreconciled.title")} description={t("unreconciled.pageDescription")} />
      <MpesaTabs />
      <ReversalsCard />
      {inbox.isPending ? (
        <SkeletonList rows={4} label={t("unreconciled.loading")} />
      ) : inbox.error ? (
        <ProblemAlert error={inbox.error} onRetry={() => inbox.refetch()} />
      ) : inbox.data.length === 0 ? (
        <Card>
          <EmptyState
            icon={CheckCheck}
            title={t("unreconciled.emptyTitle")}
            description={t("unreconciled.emptyDescription")}
          />
        </Card>
      ) : (
        <ul className="space-y-3">
          {inbox.data.map((payment) => (
            <li key={payment.id}>
              <Card className="flex flex-col gap-4 p-4 sm:flex-row sm:items-center sm:justify-between sm:px-5">
                <div className="flex min-w-0 gap-3">
                  <span className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-700">
                    <Inbox aria-hidden className="size-4" />
                  </span>
                  <div className="min-w-0">
                    <p className="text-base font-semibold text-ink-950 tabular">
                      {format.money(payment.amountMinor, payment.currency)}
                    </p>
                    <p className="text-[13px] text-ink-600">
                      {payment.payerName ?? displayPhone(payment.phone)} · {format.dateTime(payment.paidAt)} ·{" "}
                      <span className="font-mono">{payment.receipt ?? t("unreconciled.noReceipt")}</span>
                    </p>
                    <p className="mt-1 text-[13px] text-ink-500">
                      {payment.billRefNumber
                        ? `${t("unreconciled.accountTyped", { reference: payment.billRefNumber })} `
                        : ""}
                      {payment.unreconciledReason}
                    </p>
                  </div>
                </div>
                {canResolve || canReverse ? (
                  <div className="flex shrink-0 flex-wrap gap-2">
                    {canReverse && !beingReversed.has(payment.id) ? (
                      <Button variant="secondary" size="sm" onClick={() => setReversing(payment)}>
                        <Undo2 aria-hidden /> {t("payment.sendBack")}
                      </Button>
                    ) : null}
                    {canResolve ? (
                      <>
                        <Button variant="secondary" size="sm" onClick={() => setBooking(payment)}>
                          <Landmark aria-hidden /> {t("unreconciled.book")}
                        </Button>
                        <Button size="sm" onClick={() => setMatching(payment)}>
                          <FileCheck2 aria-hidden /> {t("unreconciled.matchToInvoice")}
                        </Button>
                      </>
                    ) : null}
                  </div>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
      {matching ? <MatchDialog payment={matching} onClose={() => setMatching(null)} /> : null}
      {booking ? <BookDialog payment={booking} onClose={() => setBooking(null)} /> : null}
      {reversing ? <ReverseDialog payment={reversing} onClose={() => setReversing(null)} /> : null}
    </>
  );
}

export default function UnreconciledRoute() {
  return (
    <RequireAccess requirement="payments.read">
      <UnreconciledPage />
    </RequireAccess>
  );
}
