import { KYC_DOCUMENT_KINDS, type KycDocumentKind, ZLoanApplicationInputSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { HandCoins, Upload } from "lucide-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { acceptFor, describeFile, putToStorage } from "../../lib/upload";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select, Textarea } from "../../ui/input";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { LoanStatusBadge } from "./loan-status";

type Offer = {
  id: string;
  name: string;
  description: string | null;
  currency: string;
  minAmountMinor: bigint;
  maxAmountMinor: bigint;
  tenorUnit: "month" | "week";
  minTenor: number;
  maxTenor: number;
  annualInterestRateBps: number;
  interestMethod: "flat" | "reducing_balance";
  example: { instalmentMinor: bigint; totalMinor: bigint };
};

function rate(bps: number): string {
  return (bps / 100).toLocaleString("en-KE", { maximumFractionDigits: 2 });
}

function KycUpload({
  kind,
  fileName,
  onUploaded,
}: {
  kind: KycDocumentKind;
  fileName: string | null;
  onUploaded: (file: { fileId: string; fileName: string }) => void;
}) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const { t } = useTranslation("lending");
  const requestUpload = useMutation(trpc.loans.requestDocumentUpload.mutationOptions());
  const complete = useMutation(trpc.loans.completeDocument.mutationOptions());
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  const upload = async (file: File | undefined) => {
    if (!file) return;
    const described = describeFile("kyc_document", file);
    if (!described.ok) {
      toast("error", described.problem);
      return;
    }
    setBusy(true);
    try {
      const { fileId, upload: signed } = await requestUpload.mutateAsync({
        businessId: business.id,
        fileName: described.fileName,
        contentType: described.contentType,
        size: described.size,
      });
      await putToStorage(signed, file);
      await complete.mutateAsync({ businessId: business.id, fileId });
      onUploaded({ fileId, fileName: described.fileName });
    } catch (error) {
      toast("error", t("apply.uploadFailed"), { description: toProblem(error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-ink-100 px-3 py-2">
      <div className="min-w-0">
        <p className="text-sm font-medium text-ink-800">{t(`kyc.${kind}`)}</p>
        <p className="truncate text-[13px] text-ink-500">{fileName ?? t("apply.notUploaded")}</p>
      </div>
      <label htmlFor={inputId}>
        <input
          id={inputId}
          type="file"
          className="sr-only"
          accept={acceptFor("kyc_document")}
          data-kyc={kind}
          onChange={(event) => {
            void upload(event.target.files?.[0]);
            event.target.value = "";
          }}
        />
        <Button
          type="button"
          variant="secondary"
          size="sm"
          loading={busy}
          onClick={() => document.getElementById(inputId)?.click()}
        >
          <Upload aria-hidden /> {fileName ? t("apply.replace") : t("apply.upload")}
        </Button>
      </label>
    </div>
  );
}

type KycFiles = Partial<Record<KycDocumentKind, { fileId: string; fileName: string }>>;

function ApplyDialog({ offer, onClose }: { offer: Offer; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("lending");
  const [documents, setDocuments] = useState<KycFiles>({});
  const submit = useMutation(trpc.loans.submitApplication.mutationOptions());
  const form = useAppForm({
    defaultValues: { amount: "", tenor: String(offer.minTenor), purpose: "", payoutPhone: "" },
    schema: ZLoanApplicationInputSchema,
    toInput: (values) => ({
      productId: offer.id,
      amount: values.amount,
      tenor: Number(values.tenor),
      purpose: values.purpose,
      payoutPhone: values.payoutPhone,
      documents: Object.entries(documents).map(([kind, file]) => ({
        kind: kind as KycDocumentKind,
        fileId: file?.fileId ?? "",
      })),
    }),
    onSubmit: async (input) => {
      const loan = await submit.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.loans.list.pathKey() });
      toast("success", t("apply.sent", { number: loan.number }));
      onClose();
      void navigate(businessPath(business.id, `loans/${loan.id}`));
    },
  });

  const tenors = Array.from({ length: offer.maxTenor - offer.minTenor + 1 }, (_, index) => {
    const count = offer.minTenor + index;
    return { value: String(count), label: t(`tenor.${offer.tenorUnit}`, { count }) };
  });

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={t("apply.title", { name: offer.name })}
      description={t("apply.description")}
      size="lg"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t("apply.cancel")}
          </Button>
          <Button type="submit" form="loan-apply-form" loading={form.submitting}>
            {t("apply.submit")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="loan-apply-form">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={t("apply.amount")}
            description={t("apply.amountRange", {
              min: format.money(offer.minAmountMinor, offer.currency, { compact: true }),
              max: format.money(offer.maxAmountMinor, offer.currency, { compact: true }),
            })}
            error={form.error("amount")}
            required
          >
            <Input inputMode="decimal" {...form.register("amount")} />
          </Field>
          <Field label={t("apply.tenor")} error={form.error("tenor")} required>
            <Select options={tenors} {...form.register("tenor")} />
          </Field>
        </div>
        <Field label={t("apply.purpose")} error={form.error("purpose")} required>
          <Textarea rows={2} {...form.register("purpose")} />
        </Field>
        <Field
          label={t("apply.phone")}
          description={t("apply.phoneHelp")}
          error={form.error("payoutPhone")}
          required
        >
          <Input inputMode="tel" {...form.register("payoutPhone")} />
        </Field>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-[13px] font-medium text-ink-800">{t("apply.documents")}</legend>
          {KYC_DOCUMENT_KINDS.map((kind) => (
            <KycUpload
              key={kind}
              kind={kind}
              fileName={documents[kind]?.fileName ?? null}
              onUploaded={(file) => setDocuments((current) => ({ ...current, [kind]: file }))}
            />
          ))}
          {form.error("documents") ? (
            <p className="text-[13px] text-red-700">{form.error("documents")}</p>
          ) : null}
        </fieldset>
      </AppForm>
    </Dialog>
  );
}

function LoansContent() {
  const trpc = useTRPC();
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("lending");
  const offers = useQuery(trpc.loans.offers.queryOptions({ businessId: business.id }));
  const loans = useQuery(trpc.loans.list.queryOptions({ businessId: business.id }));
  const [applying, setApplying] = useState<Offer | null>(null);
  const canApply = can("loans.apply");

  return (
    <>
      <PageHeader title={t("page.title")} description={t("page.description")} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("offers.title")} description={t("offers.description")} />
          <CardBody className="flex flex-col gap-3">
            {offers.error ? (
              <ProblemAlert error={offers.error} onRetry={() => void offers.refetch()} />
            ) : offers.isPending ? (
              <SkeletonList rows={2} label={t("offers.loading")} />
            ) : offers.data.offers.length === 0 ? (
              <EmptyState
                icon={HandCoins}
                title={t("offers.emptyTitle")}
                description={
                  offers.data.scoreNeeded === null
                    ? t("offers.noProducts")
                    : offers.data.score === null
                      ? t("offers.noScoreYet", { needed: offers.data.scoreNeeded })
                      : t("offers.scoreNeeded", { needed: offers.data.scoreNeeded, score: offers.data.score })
                }
              />
            ) : (
              offers.data.offers.map((offer) => (
                <article
                  key={offer.id}
                  className="rounded-lg border border-ink-100 p-4"
                  aria-label={offer.name}
                >
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div>
                      <h3 className="font-semibold text-ink-900">{offer.name}</h3>
                      {offer.description ? <p className="text-sm text-ink-500">{offer.description}</p> : null}
                    </div>
                    {canApply ? (
                      <Button size="sm" onClick={() => setApplying(offer)}>
                        {t("offers.apply")}
                      </Button>
                    ) : null}
                  </div>
                  <dl className="mt-3 grid grid-cols-2 gap-2 text-sm">
                    <div>
                      <dt className="text-ink-500">{t("offers.amount")}</dt>
                      <dd>
                        <Money amountMinor={offer.minAmountMinor} currency={offer.currency} compact /> –{" "}
                        <Money amountMinor={offer.maxAmountMinor} currency={offer.currency} compact />
                      </dd>
                    </div>
                    <div>
                      <dt className="text-ink-500">{t("offers.tenor")}</dt>
                      <dd>
                        {t(`tenorRange.${offer.tenorUnit}`, { min: offer.minTenor, max: offer.maxTenor })}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-ink-500">{t("offers.rate")}</dt>
                      <dd>
                        {t(`method.${offer.interestMethod}`, { rate: rate(offer.annualInterestRateBps) })}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-ink-500">{t("offers.example")}</dt>
                      <dd>
                        {t("offers.exampleText", {
                          instalment: format.money(offer.example.instalmentMinor, offer.currency),
                          total: format.money(offer.example.totalMinor, offer.currency),
                        })}
                      </dd>
                    </div>
                  </dl>
                </article>
              ))
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("mine.title")} />
          <CardBody>
            {loans.error ? (
              <ProblemAlert error={loans.error} onRetry={() => void loans.refetch()} />
            ) : loans.isPending ? (
              <SkeletonList rows={2} label={t("mine.loading")} />
            ) : loans.data.length === 0 ? (
              <EmptyState title={t("mine.emptyTitle")} description={t("mine.empty")} />
            ) : (
              <ul className="flex flex-col divide-y divide-ink-100">
                {loans.data.map((loan) => (
                  <li key={loan.id}>
                    <Link
                      to={businessPath(business.id, `loans/${loan.id}`)}
                      className="flex items-center justify-between gap-3 py-3 hover:bg-ink-50"
                    >
                      <div>
                        <p className="font-medium text-ink-900">{loan.number}</p>
                        <p className="text-[13px] text-ink-500">{format.date(loan.createdAt)}</p>
                      </div>
                      <div className="flex flex-col items-end gap-1">
                        <Money amountMinor={loan.principalMinor} currency={loan.currency} />
                        <LoanStatusBadge status={loan.status} />
                      </div>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
      {applying ? <ApplyDialog offer={applying} onClose={() => setApplying(null)} /> : null}
    </>
  );
}

export default function LoansPage() {
  return (
    <RequireAccess requirement="loans.read">
      <LoansContent />
    </RequireAccess>
  );
}
