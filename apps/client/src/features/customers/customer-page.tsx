import { formatPhone } from "@kavi/domain";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, FileText } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { TransactionRowCompact } from "../transactions/transaction-row";
import { ContactActions } from "./contact-actions";
import { ContactDialog } from "./contact-form";

function CustomerContent({ customerId }: { customerId: string }) {
  const trpc = useTRPC();
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("customers");
  const [editing, setEditing] = useState(false);
  const customer = useQuery(trpc.customers.get.queryOptions({ businessId: business.id, customerId }));
  const statement = useQuery(trpc.customers.statement.queryOptions({ businessId: business.id, customerId }));
  const canSeeTransactions = can("transactions.read");
  const payments = useQuery({
    ...trpc.transactions.list.queryOptions({ businessId: business.id, customerId, limit: 10 }),
    enabled: canSeeTransactions,
  });
  if (customer.error) return <ProblemAlert error={customer.error} onRetry={() => customer.refetch()} />;
  const data = customer.data;
  const canWrite = can("customers.write");
  return (
    <>
      <Link
        to={businessPath(business.id, "customers")}
        className="mb-3 inline-flex items-center gap-1 text-[13px] font-medium text-ink-600 hover:text-ink-900"
      >
        <ArrowLeft className="size-3.5" aria-hidden /> {t("list.title.customer")}
      </Link>
      <PageHeader
        title={data?.name ?? t("page.customer")}
        eyebrow={data?.accountNumber ? t("page.account", { account: data.accountNumber }) : undefined}
        description={
          data
            ? [
                data.phone ? formatPhone(data.phone) : null,
                data.email,
                data.taxId ? t("page.kraPin", { pin: data.taxId }) : null,
              ]
                .filter(Boolean)
                .join(" · ") || undefined
            : undefined
        }
        actions={
          data && canWrite ? (
            <ContactActions
              kind="customer"
              id={data.id}
              archived={Boolean(data.archivedAt)}
              onEdit={() => setEditing(true)}
            />
          ) : null
        }
      />
      {data?.archivedAt ? <Badge className="mb-4">{t("list.archived")}</Badge> : null}
      <div className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-4">
        {(statement.data?.balances.length
          ? statement.data.balances
          : [{ currency: business.baseCurrency, outstandingMinor: 0n, overdueMinor: 0n, openInvoices: 0 }]
        ).map((balance) => (
          <Card key={balance.currency} className="min-w-0 p-4">
            <p className="text-[13px] font-medium text-ink-500">
              {t("page.owesYou", { currency: balance.currency })}
            </p>
            <p className="mt-1 text-xl font-semibold text-ink-950">
              <Money amountMinor={balance.outstandingMinor} currency={balance.currency} compact />
            </p>
            <p className="mt-1 text-[12px] text-ink-500">
              {t("page.openInvoices", { count: balance.openInvoices })}
              {balance.overdueMinor > 0n ? (
                <>
                  {" · "}
                  <span className="font-medium text-red-700">
                    <Money amountMinor={balance.overdueMinor} currency={balance.currency} compact />{" "}
                    {t("page.overdue")}
                  </span>
                </>
              ) : null}
            </p>
          </Card>
        ))}
        <Card className="p-4">
          <p className="text-[13px] font-medium text-ink-500">{t("page.credit")}</p>
          <p className="mt-1 text-xl font-semibold text-ink-950">
            <Money
              amountMinor={statement.data?.creditBalanceMinor ?? 0n}
              currency={business.baseCurrency}
              compact
            />
          </p>
          <p className="mt-1 text-[12px] text-ink-500">{t("page.creditHelp")}</p>
        </Card>
      </div>
      {/* The statement's five columns need the full width; the latest money received goes under it. */}
      <div className="grid grid-cols-1 items-start gap-6">
        <Card className="min-w-0">
          <CardHeader title={t("page.statement")} description={t("page.statementHelp")} />
          {statement.error ? (
            <ProblemAlert error={statement.error} className="m-4" />
          ) : !statement.data ? (
            <CardBody>
              <SkeletonList rows={4} />
            </CardBody>
          ) : statement.data.lines.length === 0 ? (
            <EmptyState icon={FileText} title={t("page.noInvoices")} description={t("page.noInvoicesHelp")} />
          ) : (
            <Table>
              <THead>
                <TR>
                  <TH>{t("page.date")}</TH>
                  <TH>{t("page.what")}</TH>
                  <TH className="text-right">{t("page.charged")}</TH>
                  <TH className="text-right">{t("page.paidCredited")}</TH>
                  <TH className="text-right">{t("page.balance")}</TH>
                </TR>
              </THead>
              <tbody>
                {statement.data.lines.map((line, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: statement lines are ordered events
                  <TR key={index}>
                    <TD className="whitespace-nowrap text-[13px]">
                      {format.date(new Date(`${line.date}T12:00:00Z`))}
                    </TD>
                    <TD className="text-[13px]">
                      <span className="font-medium text-ink-900">{t(`page.kind.${line.kind}`)}</span>{" "}
                      <span className="whitespace-nowrap text-ink-500">{line.reference}</span>
                    </TD>
                    <TD className="text-right text-[13px]">
                      {line.debitMinor ? (
                        <Money amountMinor={line.debitMinor} currency={line.currency} />
                      ) : (
                        ""
                      )}
                    </TD>
                    <TD className="text-right text-[13px]">
                      {line.creditMinor ? (
                        <Money amountMinor={line.creditMinor} currency={line.currency} />
                      ) : (
                        ""
                      )}
                    </TD>
                    <TD className="text-right text-[13px] font-medium">
                      <Money amountMinor={line.balanceMinor} currency={line.currency} />
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card className="min-w-0">
          <CardHeader title={t("page.moneyReceived")} description={t("page.moneyReceivedHelp")} />
          {!canSeeTransactions ? (
            <CardBody className="text-sm text-ink-500">{t("page.noTransactionsAccess")}</CardBody>
          ) : !payments.data ? (
            <CardBody>
              <SkeletonList rows={3} />
            </CardBody>
          ) : payments.data.items.length === 0 ? (
            <EmptyState title={t("page.nothingYet")} className="py-6" />
          ) : (
            <ul className="divide-y divide-ink-100">
              {payments.data.items.map((item) => (
                <TransactionRowCompact key={item.id} item={item} />
              ))}
            </ul>
          )}
        </Card>
      </div>
      {data ? (
        <ContactDialog kind="customer" open={editing} onOpenChange={setEditing} editing={data} />
      ) : null}
    </>
  );
}

export default function CustomerPage() {
  const { customerId = "" } = useParams();
  return (
    <RequireAccess requirement="customers.read">
      <CustomerContent customerId={customerId} />
    </RequireAccess>
  );
}
