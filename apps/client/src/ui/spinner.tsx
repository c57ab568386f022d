import { useTranslation } from "react-i18next";
import { cn } from "../lib/cn";

export function Spinner({ className, label }: { className?: string; label?: string | null }) {
  const { t } = useTranslation();
  const shown = label === undefined ? t("loading") : label;
  return (
    <svg
      className={cn("animate-spin text-current", className ?? "size-5")}
      viewBox="0 0 24 24"
      fill="none"
      role={shown ? "img" : undefined}
      aria-label={shown ?? undefined}
      aria-hidden={shown ? undefined : true}
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.2" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

export function FullPageSpinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="grid min-h-dvh place-items-center text-brand-700" role="status" aria-live="polite">
      <div className="flex flex-col items-center gap-3">
        <Spinner className="size-7" label={null} />
        <span className="text-sm text-ink-500">{label ?? t("loadingApp")}…</span>
      </div>
    </div>
  );
}
