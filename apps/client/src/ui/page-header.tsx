import { type ReactNode, useContext, useEffect } from "react";
import { BusinessContext } from "../features/shell/business-context";
import { cn } from "../lib/cn";

export function PageHeader({
  title,
  description,
  actions,
  eyebrow,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
  className?: string;
}) {
  useDocumentTitle(typeof title === "string" ? title : null);
  return (
    <div className={cn("mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between", className)}>
      <div className="min-w-0">
        {eyebrow ? <p className="mb-1 text-[13px] font-medium text-brand-700">{eyebrow}</p> : null}
        <h1 className="text-2xl font-semibold tracking-tight text-ink-950">{title}</h1>
        {description ? <p className="mt-1 max-w-2xl text-sm text-ink-500">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** "Team · Wanjiru Fresh · KAVI": tabs showing different businesses stay tellable apart. */
export function useDocumentTitle(title: string | null) {
  const business = useContext(BusinessContext)?.business;
  const name = business ? business.tradingName || business.legalName : null;
  useEffect(() => {
    if (!title) return;
    document.title = [title, name, "KAVI"].filter(Boolean).join(" · ");
  }, [title, name]);
}
