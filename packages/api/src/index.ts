export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export type { ApiConfig } from "./config";
export { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from "./config";
export type { AssistantServices } from "./context";
export {
  type ApiServices,
  type Context,
  type CookieJar,
  type CookieOptions,
  createContext,
  type ProcedureObservation,
  type RequestInfo,
} from "./context";
export { AppError, type AppErrorCode, type AppErrorReason } from "./errors";
export { type Logger, silentLogger } from "./logger";
export { type AppRouter, appRouter, createCaller } from "./root";
export { DASHBOARD_COOKIE, DASHBOARD_PATH } from "./routers/admin";
export { verifyDashboardToken } from "./services/access-tokens";
export type { AskResult, AskStreamEvent } from "./services/assistant/ask";
export { type ProcedureMeta, ZBusinessScopeSchema } from "./trpc";
