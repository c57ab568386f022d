import type { QueryClient } from "@tanstack/react-query";
import type { SessionManager } from "./session-manager";

/**
 * Nothing cached for one account may be shown to the next: drop the query cache when a session ends. Only an
 * end counts (signed in → signed out). Learning on page load that nobody is signed in is not one: the cache then
 * holds only public queries (a customer's invoice page), and clearing it would cancel them in flight and leave
 * their screens loading forever.
 */
export function dropCacheOnSignOut(session: SessionManager, queryClient: QueryClient): () => void {
  let previous = session.getState().status;
  return session.subscribe(() => {
    const current = session.getState().status;
    if (current === "signed-out" && previous === "signed-in") queryClient.clear();
    previous = current;
  });
}
