import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from "react";
import type { SessionManager, SessionState } from "./session-manager";

const SessionContext = createContext<SessionManager | null>(null);

export function SessionProvider({ manager, children }: { manager: SessionManager; children: ReactNode }) {
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") manager.checkExpiry();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [manager]);
  return <SessionContext.Provider value={manager}>{children}</SessionContext.Provider>;
}

export function useSessionManager(): SessionManager {
  const manager = useContext(SessionContext);
  if (!manager) throw new Error("useSessionManager needs a SessionProvider");
  return manager;
}

export function useSession(): SessionState {
  const manager = useSessionManager();
  return useSyncExternalStore(manager.subscribe, manager.getState, manager.getState);
}
