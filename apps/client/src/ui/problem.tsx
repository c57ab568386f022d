import { CircleAlert, RotateCw } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useProblemMessage } from "../i18n/use-locale";
import { cn } from "../lib/cn";
import { type Problem, toProblem } from "../lib/errors";
import { Button } from "./button";

/** An inline callout for a failed call: plain words, the request id tucked in for support. */
export function ProblemAlert({
  error,
  problem,
  onRetry,
  className,
  title,
}: {
  error?: unknown;
  problem?: Problem | null;
  onRetry?: () => void;
  className?: string;
  title?: ReactNode;
}) {
  const { t } = useTranslation();
  const problemMessage = useProblemMessage();
  const shown = problem ?? (error ? toProblem(error) : null);
  if (!shown) return null;
  const message = problemMessage(shown);
  return (
    <div
      role="alert"
      className={cn(
        "flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm",
        className,
      )}
    >
      <CircleAlert className="mt-0.5 size-4 shrink-0 text-red-700" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="font-medium text-red-900">{title ?? message}</p>
        {title ? <p className="mt-0.5 text-red-800">{message}</p> : null}
        {shown.reason === "EMAIL_NOT_VERIFIED" ? (
          <p className="mt-1">
            <Link to="/verify-email" className="font-medium text-red-900 underline">
              {t("confirmEmail")}
            </Link>
          </p>
        ) : null}
        {shown.requestId ? (
          <p className="mt-1 font-mono text-[11px] text-red-800/80">
            {t("reference", { requestId: shown.requestId })}
          </p>
        ) : null}
      </div>
      {onRetry ? (
        <Button variant="secondary" size="sm" onClick={onRetry} className="shrink-0">
          <RotateCw aria-hidden /> {t("tryAgain")}
        </Button>
      ) : null}
    </div>
  );
}

export function Notice({
  tone = "info",
  icon,
  children,
  className,
}: {
  tone?: "info" | "warning" | "success";
  icon?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const tones = {
    info: "border-sky-200 bg-sky-50 text-sky-900",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
    success: "border-brand-200 bg-brand-50 text-brand-900",
  };
  return (
    <div
      role="status"
      className={cn("flex items-start gap-3 rounded-lg border px-4 py-3 text-sm", tones[tone], className)}
    >
      {icon}
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
