import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, ScrollRestoration } from "react-router";
import { OfflineBanner } from "../ui/offline-banner";
import { FullPageSpinner } from "../ui/spinner";
import { Toaster } from "../ui/toast";

export function RootLayout() {
  const { t } = useTranslation("common");
  return (
    <>
      <a
        href="#main"
        className="sr-only z-[70] rounded-md bg-surface px-3 py-2 text-sm font-medium shadow-pop focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        {t("skipToContent")}
      </a>
      <OfflineBanner />
      {/* A screen whose catalogue is not loaded yet waits here (react-i18next suspends until it is). */}
      <Suspense fallback={<FullPageSpinner />}>
        <Outlet />
      </Suspense>
      <Toaster />
      <ScrollRestoration />
    </>
  );
}
