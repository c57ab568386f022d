/**
 * The README's test command: every test project (unit, integration against real PostgreSQL and Redis,
 * browser end-to-end in Chromium, infrastructure synthesis) in one vitest run.
 */
import { spawn } from "node:child_process";

const child = spawn("pnpm", ["exec", "vitest", "run", ...process.argv.slice(2)], { stdio: "inherit" });
child.on("exit", (code, signal) => {
  process.exit(signal ? 1 : (code ?? 1));
});
