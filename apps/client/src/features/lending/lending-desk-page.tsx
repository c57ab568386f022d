import { INTEREST_METHODS, TENOR_UNITS, ZLoanProductInputSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Inbox, Plus } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { firstMessages } from "../../lib/use-app-form";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton, SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import NotFoundPage from "../errors/not-found-page";
import { fieldMessagesOf, LoanStatusBadge } from "../loans/loan-status";

function percent(bps: number): string {
  return `${(bps / 100).toLocaleString("en-KE", { maximumFractionDigits: 2 })} %`;
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Card className="p-4">
      <p className="text-[13px] text-ink-500">{label}</p>
      <div className="mt-1 text-xl font-semibold text-ink-950">{children}</div>
    </Card>
  );
}

function Portfolio() {
  const trpc = useTRPC();
  const { t } = useTranslation("lending");
  const portfolio = useQuery(trpc.lending.portfolio.queryOptions());
  if (portfolio.error)
    return <ProblemAlert error={portfolio.error} onRetry={() => void portfolio.refetch()} />;
  const data = portfolio.data;
  if (!data) return <Skeleton className="h-24 w-full" />;
  return (
    <section aria-label={t("desk.portfolio")} className="grid grid-cols-2 gap-3 lg:grid-cols-6">
      <Stat label={t("desk.disbursed")}>
        <Money amountMinor={data.disbursedMinor} currency="KES" compact />
      </Stat>
      <Stat label={t("desk.outstanding")}>
        <Money amountMinor={data.outstandingMinor} currency="KES" compact />
      </Stat>
      <Stat label={t("desk.repaid")}>
        <Money amountMinor={data.repaidMinor} currency="KES" compact />
      </Stat>
      <Stat label={t("desk.par30")}>{percent(data.par30Bps)}</Stat>
      <Stat label={t("desk.inArrears")}>{data.inArrearsCount}</Stat>
      <Stat label={t("desk.expected")}>
        <Money amountMinor={data.expectedCollectionsMinor} currency="KES" compact />
      </Stat>
    </section>
  );
}

const EMPTY_PRODUCT = {
  name: "",
  description: "",
  minAmount: "5,000",
  maxAmount: "100,000",
  tenorUnit: "month" as (typeof TENOR_UNITS)[number],
  minTenor: "1",
  maxTenor: "6",
  interestMethod: "flat" as (typeof INTEREST_METHODS)[number],
  annualInterestRate: "24",
  feeRate: "2",
  feeFixed: "0",
  penaltyRate: "5",
  penaltyGraceDays: "3",
  minCreditScore: "0",
};

function ProductDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation("lending");
  const [values, setValues] = useState(EMPTY_PRODUCT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(trpc.lending.createProduct.mutationOptions());
  const set = (key: keyof typeof EMPTY_PRODUCT) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));

  const save = async () => {
    const input = {
      ...values,
      minTenor: Number(values.minTenor),
      maxTenor: Number(values.maxTenor),
      penaltyGraceDays: Number(values.penaltyGraceDays),
      minCreditScore: Number(values.minCreditScore),
      active: true,
    };
    const checked = ZLoanProductInputSchema.safeParse(input);
    if (!checked.success) {
      setErrors(fieldMessagesOf(checked.error.issues));
      return;
    }
    try {
      await create.mutateAsync(input);
      await queryClient.invalidateQueries({ queryKey: trpc.lending.products.pathKey() });
      toast("success", t("products.saved"));
      onClose();
    } catch (error) {
      setErrors(firstMessages(toProblem(error).fieldErrors));
    }
  };

  const text = (key: keyof typeof EMPTY_PRODUCT, inputMode: "decimal" | "numeric" | "text" = "decimal") => (
    <Field label={t(`products.field.${key}`)} error={errors[key]}>
      <Input inputMode={inputMode} value={values[key]} onChange={set(key)} />
    </Field>
  );

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={t("products.new")}
      size="lg"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t("apply.cancel")}
          </Button>
          <Button onClick={() => void save()} loading={create.isPending}>
            {t("products.save")}
          </Button>
        </>
      }
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {create.error && Object.keys(errors).length === 0 ? (
          <ProblemAlert error={create.error} className="sm:col-span-2" />
        ) : null}
        {text("name", "text")}
        {text("description", "text")}
        {text("minAmount")}
        {text("maxAmount")}
        <Field label={t("products.field.tenorUnit")}>
          <Select
            value={values.tenorUnit}
            onChange={set("tenorUnit")}
            options={TENOR_UNITS.map((unit) => ({ value: unit, label: t(`unit.${unit}`) }))}
          />
        </Field>
        <Field label={t("products.field.interestMethod")}>
          <Select
            value={values.interestMethod}
            onChange={set("interestMethod")}
            options={INTEREST_METHODS.map((method) => ({ value: method, label: t(`methodName.${method}`) }))}
          />
        </Field>
        {text("minTenor", "numeric")}
        {text("maxTenor", "numeric")}
        {text("annualInterestRate")}
        {text("feeRate")}
        {text("feeFixed")}
        {text("penaltyRate")}
        {text("penaltyGraceDays", "numeric")}
        {text("minCreditScore", "numeric")}
      </div>
    </Dialog>
  );
}

export default function LendingDeskPage() {
  const trpc = useTRPC();
  const { t } = useTranslation("lending");
  const queue = useQuery(trpc.lending.queue.queryOptions());
  const products = useQuery(trpc.lending.products.queryOptions());
  const [creating, setCreating] = useState(false);

  if (queue.isError && toProblem(queue.error).kind === "not-found") return <NotFoundPage />;
  return (
    <>
      <PageHeader eyebrow={t("desk.eyebrow")} title={t("desk.title")} description={t("desk.description")} />
      <div className="flex flex-col gap-6">
        <Portfolio />
        <Card>
          <CardHeader title={t("desk.queue")} />
          <CardBody>
            {queue.error ? (
              <ProblemAlert error={queue.error} onRetry={() => void queue.refetch()} />
            ) : queue.isPending ? (
              <SkeletonList rows={3} label={t("desk.loading")} />
            ) : queue.data.length === 0 ? (
              <EmptyState icon={Inbox} title={t("desk.emptyQueue")} />
            ) : (
              <ul className="flex flex-col divide-y divide-ink-100">
                {queue.data.map((item) => (
                  <li key={item.id}>
                    <Link
                      to={`/lending/${item.id}`}
                      className="flex flex-wrap items-center justify-between gap-3 py-3 hover:bg-ink-50"
                    >
                      <div>
                        <p className="font-medium text-ink-900">
                          {item.businessName} · {item.number}
                        </p>
                        <p className="text-[13px] text-ink-500">
                          {item.productName} · {t(`tenor.${item.tenorUnit}`, { count: item.tenorCount })}
                        </p>
                      </div>
                      <div className="flex items-center gap-2">
                        <Money amountMinor={item.principalMinor} currency={item.currency} />
                        <LoanStatusBadge status={item.status} />
                      </div>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title={t("products.title")}
            actions={
              <Button size="sm" onClick={() => setCreating(true)}>
                <Plus aria-hidden /> {t("products.new")}
              </Button>
            }
          />
          <CardBody>
            {products.error ? (
              <ProblemAlert error={products.error} onRetry={() => void products.refetch()} />
            ) : products.isPending ? (
              <SkeletonList rows={2} label={t("desk.loading")} />
            ) : products.data.length === 0 ? (
              <EmptyState title={t("products.empty")} />
            ) : (
              <div className="overflow-x-auto">
                <Table>
                  <THead>
                    <TR>
                      <TH>{t("products.field.name")}</TH>
                      <TH>{t("offers.amount")}</TH>
                      <TH>{t("offers.tenor")}</TH>
                      <TH>{t("offers.rate")}</TH>
                      <TH />
                    </TR>
                  </THead>
                  <tbody>
                    {products.data.map((product) => (
                      <TR key={product.id}>
                        <TD className="font-medium">{product.name}</TD>
                        <TD>
                          <Money amountMinor={product.minAmountMinor} currency={product.currency} compact /> –{" "}
                          <Money amountMinor={product.maxAmountMinor} currency={product.currency} compact />
                        </TD>
                        <TD>
                          {t(`tenorRange.${product.tenorUnit}`, {
                            min: product.minTenor,
                            max: product.maxTenor,
                          })}
                        </TD>
                        <TD>
                          {t(`method.${product.interestMethod}`, {
                            rate: (product.annualInterestRateBps / 100).toLocaleString("en-KE"),
                          })}
                        </TD>
                        <TD>{product.active ? null : <Badge>{t("products.inactive")}</Badge>}</TD>
                      </TR>
                    ))}
                  </tbody>
                </Table>
              </div>
            )}
          </CardBody>
        </Card>
      </div>
      {creating ? <ProductDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}
