import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

/** Who am I, where do I belong, what's waiting: the shell's first query. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions());
}
