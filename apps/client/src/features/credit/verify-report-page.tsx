import { useQuery } from "@tanstack/react-query";
import { ShieldCheck, ShieldX } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useLocale } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { EmptyState } from "../../ui/empty-state";
import { LanguageSwitch } from "../../ui/language-switch";
import { Logo } from "../../ui/logo";
import { useDocumentTitle } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { useCreditWords } from "./credit-words";

function longDate(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/**
 * The lender's check of a credit report: the code printed on the PDF confirms that KAVI issued a report for
 * that business on that date with that score. Nothing else about the business is shown.
 */
export default function VerifyReportPage() {
  const { code = "" } = useParams();
  const trpc = useTRPC();
  const { t } = useTranslation("credit");
  const { locale } = useLocale();
  const words = useCreditWords();
  useDocumentTitle(t("verify.documentTitle"));
  const report = useQuery({ ...trpc.publicCreditReports.verify.queryOptions({ code }), retry: false });
  const notFound = report.error && toProblem(report.error).code === "NOT_FOUND";
  return (
    <main className="mx-auto flex min-h-dvh max-w-lg flex-col gap-6 px-4 py-10">
      <div className="flex items-center justify-between gap-3">
        <Logo />
        <LanguageSwitch />
      </div>
      <article className="overflow-hidden rounded-xl border border-ink-200/80 bg-surface p-6 shadow-card">
        <h1 className="text-lg font-semibold text-ink-950">{t("verify.title")}</h1>
        <p className="mt-1 text-[13px] break-all text-ink-500">{t("verify.code", { code })}</p>
        <div className="mt-5">
          {report.isPending ? (
            <div className="flex flex-col gap-3">
              <Skeleton className="h-6 w-2/3" />
              <Skeleton className="h-16 w-full" />
            </div>
          ) : notFound ? (
            <EmptyState
              icon={ShieldX}
              title={t("verify.notFoundTitle")}
              description={t("verify.notFoundBody")}
            />
          ) : report.error ? (
            <ProblemAlert error={report.error} onRetry={() => report.refetch()} />
          ) : report.data ? (
            <div className="flex flex-col gap-4">
              <p className="flex items-center gap-2 font-semibold text-emerald-800">
                <ShieldCheck className="size-5" aria-hidden />{" "}
                {t("verify.issuedBy", { issuer: report.data.issuer })}
              </p>
              <dl className="grid grid-cols-1 gap-3 text-[14px] sm:grid-cols-2">
                <div>
                  <dt className="text-ink-500">{t("verify.business")}</dt>
                  <dd className="font-medium text-ink-950">{report.data.businessName}</dd>
                </div>
                <div>
                  <dt className="text-ink-500">{t("verify.issuedOn")}</dt>
                  <dd className="font-medium text-ink-950">{longDate(report.data.issuedOn, locale)}</dd>
                </div>
                <div>
                  <dt className="text-ink-500">{t("verify.score")}</dt>
                  <dd className="text-2xl font-semibold text-ink-950">
                    {report.data.score}{" "}
                    <span className="text-base font-medium text-ink-600">
                      ({words.band(report.data.band)})
                    </span>
                  </dd>
                </div>
              </dl>
              <p className="text-[12px] text-ink-500">{t("verify.footnote")}</p>
            </div>
          ) : null}
        </div>
      </article>
    </main>
  );
}
