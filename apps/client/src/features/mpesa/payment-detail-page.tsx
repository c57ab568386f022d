import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { useQuery } from "@tanstack/react-query";
import { SearchX, Undo2 } from "lucide-react";
import type { ReactNode } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button, ButtonLink } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { displayPhone, MpesaStatusBadge } from "./mpesa-status";
import { ReversalsCard, ReverseDialog } from "./reversals";

type Payment = inferRouterOutputs<AppRouter>["mpesa"]["payments"]["get"];

/** The list's status words for a settled payment: applied and booked read as paid. */
function listStatus(status: Payment["status"]) {
  return status === "applied" || status === "booked" ? "paid" : status;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5 px-5 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-[13px] text-ink-500">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-ink-900">{children}</dd>
    </div>
  );
}

function AppliedTo({ payment }: { payment: Payment }) {
  const { t } = useTranslation("mpesa");
  const { business } = useBusiness();
  if (payment.invoiceId) {
    return (
      <Link
        className="text-brand-700 hover:underline"
        to={businessPath(business.id, `invoices/${payment.invoiceId}`)}
      >
        {t("payment.invoice", { number: payment.invoiceNumber ?? "—" })}
      </Link>
    );
  }
  if (payment.transactionId) {
    return (
      <Link className="text-brand-700 hover:underline" to={businessPath(business.id, "transactions")}>
        {t("payment.income", { description: payment.transactionDescription ?? payment.receipt ?? "—" })}
      </Link>
    );
  }
  if (payment.status === "unreconciled") {
    return (
      <Link className="text-brand-700 hover:underline" to={businessPath(business.id, "mpesa/unreconciled")}>
        {t("payment.inInbox")}
      </Link>
    );
  }
  return <span className="text-ink-600">{t("payment.nothing")}</span>;
}

function PaymentContent({ payment }: { payment: Payment }) {
  const { t } = useTranslation("mpesa");
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const [reversing, setReversing] = useState(false);
  const canReverse = payment.reversible && can("reversals.request");
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to={businessPath(business.id, "mpesa/payments")} className="hover:underline">
            {t("payment.back")}
          </Link>
        }
        title={format.money(payment.amountMinor, payment.currency)}
        description={t("payment.description", {
          receipt: payment.receipt ?? "—",
          from: payment.payerName ?? displayPhone(payment.phone),
        })}
        actions={
          canReverse ? (
            <Button variant="danger" onClick={() => setReversing(true)}>
              <Undo2 aria-hidden /> {t("payment.sendBack")}
            </Button>
          ) : null
        }
      />
      <ReversalsCard mpesaPaymentId={payment.id} />
      <Card>
        <CardHeader title={t("payment.details")} />
        <dl className="divide-y divide-ink-100">
          <Row label={t("payment.status")}>
            <MpesaStatusBadge status={listStatus(payment.status)} />
            {payment.unreconciledReason && payment.status === "unreconciled" ? (
              <span className="mt-1 block text-[13px] text-ink-500">{payment.unreconciledReason}</span>
            ) : null}
          </Row>
          <Row label={t("payment.amount")}>
            <span className="tabular">{format.money(payment.amountMinor, payment.currency)}</span>
          </Row>
          <Row label={t("payment.receipt")}>
            <span className="font-mono text-[13px]">{payment.receipt ?? "—"}</span>
          </Row>
          <Row label={t("payment.from")}>
            {payment.payerName ? `${payment.payerName} · ` : ""}
            {displayPhone(payment.phone)}
          </Row>
          <Row label={t("payment.paidAt")}>{format.dateTime(payment.paidAt)}</Row>
          <Row label={t("payment.source")}>
            {payment.source === "stk" ? t("payment.sourceStk") : t("payment.sourceC2b")}
            {payment.billRefNumber ? ` · ${t("payment.account", { account: payment.billRefNumber })}` : ""}
          </Row>
          <Row label={t("payment.appliedTo")}>
            <AppliedTo payment={payment} />
          </Row>
          <Row label={t("payment.confirmation")}>
            {payment.confirmedAt
              ? t("payment.confirmedAt", { time: format.dateTime(payment.confirmedAt) })
              : payment.status === "confirming"
                ? t("payment.confirming")
                : t("payment.notQueried")}
          </Row>
          <Row label={t("payment.sendBackLabel")}>
            {payment.status === "reversed"
              ? t("payment.reversed")
              : payment.reversalUnderWay
                ? t("payment.underWay")
                : payment.reversible
                  ? t("payment.reversible")
                  : payment.status === "applied"
                    ? t("payment.notReversibleApplied")
                    : t("payment.notReversible")}
          </Row>
        </dl>
      </Card>
      {reversing ? <ReverseDialog payment={payment} onClose={() => setReversing(false)} /> : null}
    </>
  );
}

function PaymentLoader() {
  const { t } = useTranslation("mpesa");
  const { mpesaPaymentId = "" } = useParams();
  const trpc = useTRPC();
  const { business } = useBusiness();
  const payment = useQuery(trpc.mpesa.payments.get.queryOptions({ businessId: business.id, mpesaPaymentId }));
  if (payment.isPending) {
    return (
      <div role="status" className="flex flex-col gap-4">
        <span className="sr-only">{t("payment.loading")}</span>
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  if (payment.isError) {
    const kind = toProblem(payment.error).kind;
    if (kind === "not-found" || kind === "validation") {
      return (
        <EmptyState
          className="py-20"
          icon={SearchX}
          title={t("payment.notFound")}
          description={t("payment.notFoundHint")}
          action={
            <ButtonLink to={businessPath(business.id, "mpesa/payments")}>{t("payment.all")}</ButtonLink>
          }
        />
      );
    }
    return <ProblemAlert error={payment.error} onRetry={() => void payment.refetch()} />;
  }
  return <PaymentContent payment={payment.data} />;
}

export default function PaymentDetailPage() {
  return (
    <RequireAccess requirement="payments.read">
      <PaymentLoader />
    </RequireAccess>
  );
}
