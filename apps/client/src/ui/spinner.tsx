import { cn } from "../lib/cn";

export function Spinner({ className, label = "Loading" }: { className?: string; label?: string | null }) {
  return (
    <svg
      className={cn("animate-spin text-current", className ?? "size-5")}
      viewBox="0 0 24 24"
      fill="none"
      role={label ? "img" : undefined}
      aria-label={label ?? undefined}
      aria-hidden={label ? undefined : true}
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.2" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

export function FullPageSpinner({ label = "Loading KAVI" }: { label?: string }) {
  return (
    <div className="grid min-h-dvh place-items-center text-brand-700" role="status" aria-live="polite">
      <div className="flex flex-col items-center gap-3">
        <Spinner className="size-7" label={null} />
        <span className="text-sm text-ink-500">{label}…</span>
      </div>
    </div>
  );
}
