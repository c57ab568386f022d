import { Sparkles, X } from "lucide-react";
import { Dialog as Primitive } from "radix-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useBusiness } from "../shell/business-context";
import { AssistantPanel } from "./assistant-panel";

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * "Ask KAVI" on every business page: a button, Ctrl/⌘+K, or "/" outside a text field. A side sheet on
 * desktop, full height on phones. Shown to members with the Assistant module.
 */
export function AssistantLauncher() {
  const { can } = useBusiness();
  const { t } = useTranslation("assistant");
  const [open, setOpen] = useState(false);
  const allowed = can("assistant.use");
  useEffect(() => {
    if (!allowed) return;
    const onKey = (event: KeyboardEvent) => {
      const shortcut = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !isTyping(event.target);
      if (shortcut || slash) {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [allowed]);
  if (!allowed) return null;
  return (
    <Primitive.Root open={open} onOpenChange={setOpen}>
      <Primitive.Trigger
        className="fixed right-4 bottom-4 z-30 inline-flex h-12 items-center gap-2 rounded-full bg-brand-700 px-4 text-sm font-semibold text-white shadow-pop hover:bg-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 sm:right-6 sm:bottom-6"
        aria-keyshortcuts="Control+K Meta+K /"
        data-assistant-launcher=""
      >
        <Sparkles className="size-4" aria-hidden />
        {t("launcher.ask")}
        <kbd className="hidden rounded bg-white/15 px-1.5 text-[11px] font-medium sm:inline">{"Ctrl K"}</kbd>
      </Primitive.Trigger>
      <Primitive.Portal>
        <Primitive.Overlay className="fixed inset-0 z-40 animate-fade-in bg-ink-950/30" />
        <Primitive.Content
          aria-describedby={undefined}
          className="fixed inset-0 z-50 flex flex-col bg-surface shadow-pop focus:outline-none sm:inset-y-0 sm:right-0 sm:left-auto sm:w-[30rem] sm:border-l sm:border-ink-200"
        >
          <div className="flex items-center justify-between border-b border-ink-100 px-4 py-3">
            <Primitive.Title className="flex items-center gap-2 text-base font-semibold text-ink-950">
              <Sparkles className="size-4 text-brand-700" aria-hidden />
              {t("launcher.title")}
            </Primitive.Title>
            <Primitive.Close
              className="grid size-9 place-items-center rounded-md text-ink-600 hover:bg-ink-100"
              aria-label={t("launcher.close")}
            >
              <X className="size-5" aria-hidden />
            </Primitive.Close>
          </div>
          <AssistantPanel onNavigate={() => setOpen(false)} />
        </Primitive.Content>
      </Primitive.Portal>
    </Primitive.Root>
  );
}
