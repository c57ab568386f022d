import { useQuery } from "@tanstack/react-query";
import { ShieldCheck, ShieldX } from "lucide-react";
import { useParams } from "react-router";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { EmptyState } from "../../ui/empty-state";
import { Logo } from "../../ui/logo";
import { useDocumentTitle } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";

function longDate(day: string): string {
  return new Intl.DateTimeFormat("en-KE", { dateStyle: "long", timeZone: "UTC" }).format(
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
  useDocumentTitle("Verify a KAVI credit report");
  const report = useQuery({ ...trpc.publicCreditReports.verify.queryOptions({ code }), retry: false });
  const notFound = report.error && toProblem(report.error).code === "NOT_FOUND";
  return (
    <main className="mx-auto flex min-h-dvh max-w-lg flex-col gap-6 px-4 py-10">
      <Logo />
      <article className="overflow-hidden rounded-xl border border-ink-200/80 bg-surface p-6 shadow-card">
        <h1 className="text-lg font-semibold text-ink-950">Credit report verification</h1>
        <p className="mt-1 text-[13px] break-all text-ink-500">Code {code}</p>
        <div className="mt-5">
          {report.isPending ? (
            <div className="flex flex-col gap-3">
              <Skeleton className="h-6 w-2/3" />
              <Skeleton className="h-16 w-full" />
            </div>
          ) : notFound ? (
            <EmptyState
              icon={ShieldX}
              title="No report has this code"
              description="Check the code on the report (it looks like KV-XXXX-XXXX-XXXX-XXXX). A report KAVI did not issue, or a mistyped code, is not found."
            />
          ) : report.error ? (
            <ProblemAlert error={report.error} onRetry={() => report.refetch()} />
          ) : report.data ? (
            <div className="flex flex-col gap-4">
              <p className="flex items-center gap-2 font-semibold text-emerald-800">
                <ShieldCheck className="size-5" aria-hidden /> Issued by {report.data.issuer}
              </p>
              <dl className="grid grid-cols-1 gap-3 text-[14px] sm:grid-cols-2">
                <div>
                  <dt className="text-ink-500">Business</dt>
                  <dd className="font-medium text-ink-950">{report.data.businessName}</dd>
                </div>
                <div>
                  <dt className="text-ink-500">Issued on</dt>
                  <dd className="font-medium text-ink-950">{longDate(report.data.issuedOn)}</dd>
                </div>
                <div>
                  <dt className="text-ink-500">Score</dt>
                  <dd className="text-2xl font-semibold text-ink-950">
                    {report.data.score}{" "}
                    <span className="text-base font-medium text-ink-600">({report.data.band})</span>
                  </dd>
                </div>
              </dl>
              <p className="text-[12px] text-ink-500">
                This page confirms only that the report exists and what it said. The score comes from the
                business's own books in KAVI, on a 300–850 scale; it is not a Credit Reference Bureau score.
              </p>
            </div>
          ) : null}
        </div>
      </article>
    </main>
  );
}
