import { X } from "lucide-react";
import { Dialog as Primitive } from "radix-ui";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "../lib/cn";

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  size?: "sm" | "md" | "lg";
}

/** A modal dialog (Radix: focus trap, Escape, labelled by its title). Bottom sheet on phones. */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  size = "md",
}: DialogProps) {
  const { t } = useTranslation();
  const widths = { sm: "sm:max-w-sm", md: "sm:max-w-md", lg: "sm:max-w-2xl" };
  return (
    <Primitive.Root open={open} onOpenChange={onOpenChange}>
      <Primitive.Portal>
        <Primitive.Overlay className="fixed inset-0 z-40 animate-fade-in bg-ink-950/40 backdrop-blur-[1px]" />
        <Primitive.Content
          className={cn(
            "fixed inset-x-0 bottom-0 z-50 flex max-h-[92dvh] w-full animate-pop-in flex-col rounded-t-xl bg-surface shadow-pop focus:outline-none sm:inset-auto sm:top-1/2 sm:left-1/2 sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-xl",
            widths[size],
          )}
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="flex items-start justify-between gap-4 px-5 pt-5 pb-3">
            <div>
              <Primitive.Title className="text-base font-semibold text-ink-950">{title}</Primitive.Title>
              {description ? (
                <Primitive.Description className="mt-1 text-sm text-ink-500">
                  {description}
                </Primitive.Description>
              ) : null}
            </div>
            <Primitive.Close
              className="-mt-1 -mr-1 grid size-8 shrink-0 place-items-center rounded-md text-ink-500 hover:bg-ink-100 hover:text-ink-800"
              aria-label={t("close")}
            >
              <X className="size-4" aria-hidden />
            </Primitive.Close>
          </div>
          <div className="overflow-y-auto px-5 pb-5">{children}</div>
          {footer ? (
            <div className="flex flex-col-reverse gap-2 rounded-b-xl border-t border-ink-100 bg-ink-50/60 px-5 py-3 sm:flex-row sm:justify-end">
              {footer}
            </div>
          ) : null}
        </Primitive.Content>
      </Primitive.Portal>
    </Primitive.Root>
  );
}
