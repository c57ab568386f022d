import { ZLoanDecisionInputSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Check, X } from "lucide-react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Badge } from "../../ui/badge";
import { Button, ButtonLink } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Field } from "../../ui/field";
import { Textarea } from "../../ui/input";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import NotFoundPage from "../errors/not-found-page";
import { ScheduleTable } from "../loans/loan-page";
import { LoanStatusBadge } from "../loans/loan-status";
import { StatementButton } from "../loans/statement-button";
import { useMe } from "../shell/use-me";
import { DeskDisbursementCard } from "./desk-disbursement";

export default function LoanReviewPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { loanId = "" } = useParams();
  const { t } = useTranslation("lending");
  const me = useMe();
  const review = useQuery(trpc.lending.review.queryOptions({ loanId }));
  const recommend = useMutation(trpc.lending.recommend.mutationOptions());
  const decide = useMutation(trpc.lending.decide.mutationOptions());
  const choice = useRef<"approve" | "decline">("approve");
  const form = useAppForm({
    defaultValues: { reason: "" },
    schema: ZLoanDecisionInputSchema,
    toInput: (values) => ({ applicationId: loanId, reason: values.reason }),
    onSubmit: async (input) => {
      if (review.data?.loan.status === "submitted") {
        await recommend.mutateAsync({ ...input, recommendation: choice.current });
        toast("success", t("review.recommended"));
      } else {
        await decide.mutateAsync({ ...input, decision: choice.current });
        toast("success", choice.current === "approve" ? t("review.approved") : t("review.declined"));
      }
      form.reset({ reason: "" });
      await queryClient.invalidateQueries({ queryKey: trpc.lending.pathKey() });
    },
  });

  if (review.isError && toProblem(review.error).kind === "not-found") return <NotFoundPage />;
  const data = review.data;
  const loan = data?.loan;
  const isRecommender = loan?.recommendedByUserId !== null && loan?.recommendedByUserId === me.data?.user.id;

  const share = data?.affordability.shareBps;
  return (
    <>
      <PageHeader
        eyebrow={
          <ButtonLink to="/lending" variant="link" size="sm">
            <ArrowLeft aria-hidden /> {t("review.back")}
          </ButtonLink>
        }
        title={data ? `${data.business.name} · ${data.loan.number}` : t("desk.loading")}
        actions={loan ? <StatementButton loanId={loan.id} /> : null}
      />
      {review.error ? <ProblemAlert error={review.error} onRetry={() => void review.refetch()} /> : null}
      {review.isPending ? <SkeletonList rows={4} label={t("desk.loading")} /> : null}
      {data && loan ? (
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="flex flex-col gap-6 lg:col-span-2">
            <Card>
              <CardBody className="grid gap-4 sm:grid-cols-3">
                <div>
                  <p className="text-[13px] text-ink-500">{t("detail.amount")}</p>
                  <Money
                    amountMinor={loan.principalMinor}
                    currency={loan.currency}
                    className="font-semibold"
                  />
                </div>
                <div>
                  <p className="text-[13px] text-ink-500">{t("detail.tenor")}</p>
                  <p>{t(`tenor.${loan.tenorUnit}`, { count: loan.tenorCount })}</p>
                </div>
                <div>
                  <p className="text-[13px] text-ink-500">{t("detail.status")}</p>
                  <LoanStatusBadge status={loan.status} />
                </div>
                <div className="sm:col-span-3">
                  <p className="text-[13px] text-ink-500">{t("detail.purpose")}</p>
                  <p className="text-sm">{loan.purpose}</p>
                </div>
                {loan.recommendationReason ? (
                  <div className="sm:col-span-3">
                    <p className="text-[13px] text-ink-500">
                      {t("review.recommendation", {
                        choice: t(`review.choice.${loan.recommendation ?? "approve"}`),
                      })}
                    </p>
                    <p className="text-sm">{loan.recommendationReason}</p>
                  </div>
                ) : null}
              </CardBody>
            </Card>
            <Card>
              <CardHeader
                title={t("review.credit")}
                actions={
                  data.credit.score === null ? (
                    <Badge>{t("review.noScore")}</Badge>
                  ) : (
                    <Badge tone="brand">
                      {data.credit.score} · {data.credit.band}
                    </Badge>
                  )
                }
              />
              <CardBody>
                <ul className="flex flex-col gap-1 text-sm">
                  {data.credit.reasons.map((item) => (
                    <li key={item.code}>
                      <span className="font-medium">{item.label}:</span> {item.reason}
                    </li>
                  ))}
                </ul>
              </CardBody>
            </Card>
            <Card>
              <CardHeader title={t("schedule.title")} description={t("schedule.preview")} />
              <CardBody>
                <ScheduleTable rows={data.schedule.instalments} currency={loan.currency} />
              </CardBody>
            </Card>
          </div>
          <div className="flex flex-col gap-6">
            <Card>
              <CardHeader title={t("review.affordability")} />
              <CardBody className="flex flex-col gap-2 text-sm">
                <p>
                  {t("review.instalment")}{" "}
                  <Money amountMinor={data.affordability.monthlyInstalmentMinor} currency={loan.currency} />
                </p>
                <p>
                  {t("review.inflow")}{" "}
                  <Money amountMinor={data.affordability.monthlyInflowMinor} currency={loan.currency} />
                </p>
                <p className="text-lg font-semibold">
                  {share === null || share === undefined
                    ? t("review.noInflow")
                    : t("review.share", {
                        share: (share / 100).toLocaleString("en-KE", { maximumFractionDigits: 1 }),
                      })}
                </p>
              </CardBody>
            </Card>
            <Card>
              <CardHeader title={t("detail.documents")} />
              <CardBody className="flex flex-col gap-2 text-sm">
                {data.kyc.map((item) => (
                  <p key={item.kind} className="flex justify-between gap-2">
                    <span>{t(`kyc.${item.kind}`)}</span>
                    {item.provided ? (
                      <Check className="size-4 text-emerald-700" aria-label={t("detail.provided")} />
                    ) : (
                      <X className="size-4 text-red-700" aria-label={t("detail.missing")} />
                    )}
                  </p>
                ))}
                {data.documents.map((document) => (
                  <a
                    key={document.fileId}
                    href={document.url}
                    target="_blank"
                    rel="noreferrer"
                    className="truncate text-brand-700 underline"
                  >
                    {t(`kyc.${document.kind}`)}: {document.fileName}
                  </a>
                ))}
              </CardBody>
            </Card>
            {["approved", "disbursing", "active", "settled"].includes(loan.status) ? (
              <DeskDisbursementCard loan={loan} isRecommender={isRecommender} />
            ) : null}
            {loan.status === "submitted" || loan.status === "recommended" ? (
              <Card>
                <CardHeader
                  title={loan.status === "submitted" ? t("review.recommendTitle") : t("review.decideTitle")}
                />
                <CardBody className="flex flex-col gap-3">
                  {loan.status === "recommended" && isRecommender ? (
                    <p className="text-sm text-ink-600">{t("review.makerCannotDecide")}</p>
                  ) : (
                    <AppForm form={form} id="loan-decision-form" className="flex flex-col gap-3">
                      <Field label={t("review.reason")} error={form.error("reason")} required>
                        <Textarea rows={3} {...form.register("reason")} />
                      </Field>
                      <div className="flex flex-wrap gap-2">
                        <Button
                          type="submit"
                          onClick={() => {
                            choice.current = "approve";
                          }}
                          loading={form.submitting && choice.current === "approve"}
                          disabled={form.submitting}
                        >
                          {loan.status === "submitted" ? t("review.recommendApprove") : t("review.approve")}
                        </Button>
                        <Button
                          type="submit"
                          variant="danger"
                          onClick={() => {
                            choice.current = "decline";
                          }}
                          loading={form.submitting && choice.current === "decline"}
                          disabled={form.submitting}
                        >
                          {loan.status === "submitted" ? t("review.recommendDecline") : t("review.decline")}
                        </Button>
                      </div>
                    </AppForm>
                  )}
                </CardBody>
              </Card>
            ) : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
