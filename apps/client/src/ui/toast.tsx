import { CircleAlert, CircleCheck, Info, X } from "lucide-react";
import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { useTranslateMessage } from "../i18n/use-locale";
import { cn } from "../lib/cn";

export type ToastTone = "success" | "error" | "info";

export interface ToastItem {
  id: number;
  tone: ToastTone;
  title: string;
  description?: string | undefined;
  requestId?: string | null | undefined;
}

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function dismissToast(id: number) {
  items = items.filter((item) => item.id !== id);
  emit();
}

/** Shows a short message; errors stay longer and are announced assertively. */
export function toast(
  tone: ToastTone,
  title: string,
  options: Omit<ToastItem, "id" | "tone" | "title"> = {},
) {
  const id = nextId++;
  items = [...items.slice(-3), { id, tone, title, ...options }];
  emit();
  setTimeout(() => dismissToast(id), tone === "error" ? 9000 : 5000);
  return id;
}

const icons = { success: CircleCheck, error: CircleAlert, info: Info };

export function Toaster() {
  const { t } = useTranslation();
  const translateMessage = useTranslateMessage();
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => items,
  );
  return (
    <>
      <div aria-live="polite" role="status" className="sr-only">
        {current
          .filter((item) => item.tone !== "error")
          .map((item) => `${item.title}. ${translateMessage(item.description ?? "")}`)
          .join(" ")}
      </div>
      <div aria-live="assertive" role="alert" className="sr-only">
        {current
          .filter((item) => item.tone === "error")
          .map((item) => `${item.title}. ${translateMessage(item.description ?? "")}`)
          .join(" ")}
      </div>
      {/* On a phone, dialogs are sheets rising from the bottom (their buttons at the bottom edge): toasts come
          down from the top there, out of their way. From `sm` up, dialogs sit in the middle and toasts bottom right. */}
      <ol className="pointer-events-none fixed inset-x-3 top-[max(0.75rem,env(safe-area-inset-top))] z-[60] flex flex-col items-center gap-2 sm:inset-x-auto sm:top-auto sm:right-5 sm:bottom-5 sm:items-end">
        {current.map((item) => {
          const Icon = icons[item.tone];
          return (
            <li
              key={item.id}
              className="pointer-events-auto flex w-full max-w-sm animate-pop-in items-start gap-3 rounded-lg border border-ink-200 bg-surface p-3.5 shadow-pop"
            >
              <Icon
                aria-hidden
                className={cn(
                  "mt-0.5 size-4.5 shrink-0",
                  item.tone === "success" && "text-brand-600",
                  item.tone === "error" && "text-red-600",
                  item.tone === "info" && "text-sky-600",
                )}
              />
              <div className="min-w-0 flex-1 text-sm">
                <p className="font-medium text-ink-900">{item.title}</p>
                {item.description ? (
                  <p className="mt-0.5 text-ink-600">{translateMessage(item.description)}</p>
                ) : null}
                {item.requestId ? (
                  <p className="mt-1 font-mono text-[11px] text-ink-500">
                    {t("reference", { requestId: item.requestId })}
                  </p>
                ) : null}
              </div>
              <button
                type="button"
                onClick={() => dismissToast(item.id)}
                className="-m-1 grid size-7 place-items-center rounded-md text-ink-500 hover:bg-ink-100"
                aria-label={t("dismiss")}
              >
                <X className="size-4" aria-hidden />
              </button>
            </li>
          );
        })}
      </ol>
    </>
  );
}
