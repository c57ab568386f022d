import { useQueryClient } from "@tanstack/react-query";
import { WifiOff } from "lucide-react";
import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { lastLoadedAt } from "../app/offline-cache";
import { useLocale } from "../i18n/use-locale";

function subscribe(onChange: () => void) {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
}

/** A bar across the top while the device is offline: what the screens show is what was last loaded, and when. */
export function OfflineBanner() {
  const online = useOnline();
  const { t } = useTranslation(["common", "offline"]);
  const queryClient = useQueryClient();
  const { locale } = useLocale();
  if (online) return null;
  const loadedAt = lastLoadedAt(queryClient);
  return (
    <div
      role="status"
      className="sticky top-0 z-[60] flex items-center justify-center gap-2 bg-amber-100 px-3 py-2 text-center text-[13px] font-medium text-amber-900"
    >
      <WifiOff className="size-4 shrink-0" aria-hidden />
      <span>
        {t("offline.banner")}
        {loadedAt ? (
          <span className="block text-[12px] font-normal sm:ml-1 sm:inline">
            {t("offline:stale", {
              time: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
                new Date(loadedAt),
              ),
            })}
          </span>
        ) : null}
      </span>
    </div>
  );
}
