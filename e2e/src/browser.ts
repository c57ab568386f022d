import { existsSync } from "node:fs";

/** The system Chromium (Debian's package); we never download a browser build. */
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}
