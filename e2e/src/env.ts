/** The only place the end-to-end tooling reads the environment. */
export const e2eEnv = {
  /** CI must run the browser test; a laptop without Chromium skips it with a warning. */
  ci: process.env.CI === "true",
  /** The whole environment, for child processes that must inherit it (the client build). */
  inherited: { ...process.env },
  /**
   * The web app the browser tests load: the production build, made once per run and served by each stack (default),
   * or `dev` for a Vite dev server per stack (slower; for debugging with source).
   */
  client: process.env.E2E_CLIENT === "dev" ? ("dev" as const) : ("build" as const),
  /** VITE_* variables reach the client bundle: a change means another build. */
  viteVariables: Object.entries(process.env)
    .filter(([name]) => name.startsWith("VITE_"))
    .sort(([a], [b]) => a.localeCompare(b)),
  /** For the screenshot script: a running app (pnpm dev, or your own ports). */
  baseUrl: process.env.BASE_URL ?? "http://localhost:5173",
  screenshotDir: process.env.OUT_DIR ?? ".artifacts/screenshots",
  demoPassword: process.env.DEMO_PASSWORD ?? "Sokoni-Asubuhi-2026",
  /** Where feature tests save their screenshots (unset: none are taken). */
  featureScreenshotDir: process.env.FEATURE_SCREENSHOTS_DIR,
  screenshotSizes: (process.env.SIZES ?? "desktop,phone").split(","),
  /** Where the webhooks end-to-end test saves its screenshots (none when unset). */
  webhookScreenshots: process.env.KAVI_E2E_SCREENSHOTS ?? null,
};
