/** The only place the client reads build-time configuration. */
export const env = {
  /** Where the tRPC endpoint lives; the dev server and production serve it on the same origin. */
  apiUrl: (import.meta.env.VITE_API_URL as string | undefined) ?? "/api/trpc",
  appName: "KAVI",
  dev: import.meta.env.DEV,
} as const;
