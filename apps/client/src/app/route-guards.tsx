import { CloudOff } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation, useSearchParams } from "react-router";
import { useSession, useSessionManager } from "../lib/session/session-context";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { FullPageSpinner } from "../ui/spinner";

export interface SignInState {
  reason?: "session-ended" | "signed-out" | null;
}

/** Only a safe, same-app path may be a redirect target ("/b/…", never "//evil.example"). */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function Unreachable() {
  const manager = useSessionManager();
  const { t } = useTranslation();
  return (
    <div className="grid min-h-dvh place-items-center px-4">
      <EmptyState
        icon={CloudOff}
        title={t("errors.unreachableTitle")}
        description={t("errors.unreachableBody")}
        action={<Button onClick={() => void manager.restore()}>{t("tryAgain")}</Button>}
      />
    </div>
  );
}

export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.status === "restoring") return <FullPageSpinner />;
  if (session.status === "unreachable") return <Unreachable />;
  if (session.status === "signed-out") {
    // Coming back to the same page makes sense after an expired session, not after choosing to sign out.
    const next = `${location.pathname}${location.search}`;
    const search = next === "/" || session.reason === "signed-out" ? "" : `?next=${encodeURIComponent(next)}`;
    return (
      <Navigate to={`/sign-in${search}`} replace state={{ reason: session.reason } satisfies SignInState} />
    );
  }
  return <Outlet />;
}

export function RequireGuest() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.status === "restoring") return <FullPageSpinner />;
  if (session.status === "signed-in") return <Navigate to={safeNext(params.get("next"))} replace />;
  return <Outlet />;
}
