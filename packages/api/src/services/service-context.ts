import type { ApiServices } from "../context";
import type { Actor } from "./activity";

/** What a domain service needs: the process's dependencies plus who is acting. Routers and workers build it. */
export interface ServiceContext
  extends Pick<ApiServices, "db" | "redis" | "jobs" | "storage" | "logger" | "config" | "now" | "callers"> {
  actor: Actor;
}
