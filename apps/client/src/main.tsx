import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { createOfflineCache } from "./app/offline-cache";
import { AppProviders } from "./app/providers";
import { createQueryClient } from "./app/query-client";
import { createAppRouter } from "./app/router";
import { CAPTURE_CHANNEL, createCaptureStore } from "./features/offline/capture-store";
import { bindDocumentLanguage } from "./i18n/document-language";
import { startI18n } from "./i18n/i18n";
import { initialLanguage, LANGUAGE_STORAGE_KEY } from "./i18n/languages";
import { toProblem } from "./lib/errors";
import { SESSION_CHANNEL, SessionManager } from "./lib/session/session-manager";
import { createApiClient, createRefreshCall } from "./lib/trpc";

const session = new SessionManager({
  refresh: createRefreshCall(),
  isRejection: (error) => toProblem(error).kind === "unauthorized",
  locks: typeof navigator !== "undefined" && "locks" in navigator ? navigator.locks : null,
  channel: typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(SESSION_CHANNEL),
});
const queryClient = createQueryClient();
const apiClient = createApiClient(session);
const captures = createCaptureStore({
  channel: typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CAPTURE_CHANNEL),
});
const storage = readStorage();
// The device's last choice until the signed-in person's saved preference arrives (the shell applies it). Its
// catalogues load before the first render, so a Kiswahili reader never sees English first; the first page's own
// chunk and catalogues load meanwhile (the router starts on them at once).
const i18nReady = startI18n(
  initialLanguage(storage?.getItem(LANGUAGE_STORAGE_KEY) ?? null, navigator.languages),
  // The offline banner sits above every page.
  ["offline"],
);
const router = createAppRouter((namespaces) => i18nReady.then((i18n) => i18n.loadNamespaces(namespaces)));

function readStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// The last-loaded lists (IndexedDB): restored for the same person, or to open the app with no connection.
const offlineCache = createOfflineCache({ queryClient, session });
void session.restore().then(() => offlineCache.start());

const i18n = await i18nReady;
bindDocumentLanguage(i18n, document.documentElement, storage);
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <AppProviders
      session={session}
      queryClient={queryClient}
      apiClient={apiClient}
      i18n={i18n}
      captures={captures}
    >
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
