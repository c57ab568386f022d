/** The only place the end-to-end tooling reads the environment. */
export const e2eEnv = {
  /** CI must run the browser test; a laptop without Chromium skips it with a warning. */
  ci: process.env.CI === "true",
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
