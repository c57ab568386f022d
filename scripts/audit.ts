/**
 * The dependency audit CI runs: `pnpm audit --prod`, failing on high and critical advisories that no entry of
 * `.ci/audit-allowlist.json` covers, and on allow-list entries past their review date.
 *
 * When the registry's audit endpoint cannot be reached (or refuses, as some mirrors do), it says so in a banner
 * and passes, unless KAVI_AUDIT_REQUIRED=true (the deploy workflow sets it): a third-party outage must not
 * block every change, and nothing reaches production unaudited. See docs/security.md, "Decisions".
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EnvError, loadScriptsEnv } from "./env";
import { type AuditOutcome, assessAudit, describeAdvisory, ZAllowListSchema } from "./lib/audit";
import { repoRoot } from "./lib/paths";

const ALLOW_LIST = join(repoRoot, ".ci", "audit-allowlist.json");

function report(outcome: AuditOutcome, required: boolean): number {
  if (outcome.kind === "unavailable") {
    const line = "=".repeat(78);
    console.error(`${line}\nDEPENDENCY AUDIT NOT RUN: the registry's audit endpoint could not be used.`);
    console.error(`  ${outcome.reason}`);
    console.error(
      required
        ? "  KAVI_AUDIT_REQUIRED=true: failing. Retry when the endpoint answers."
        : "  Not failing (KAVI_AUDIT_REQUIRED is not set); the deploy workflow requires it.",
    );
    console.error(line);
    return required ? 1 : 0;
  }
  for (const advisory of outcome.allowed)
    console.log(`allowed (see the allow-list):\n  ${describeAdvisory(advisory)}`);
  for (const exception of outcome.unused) {
    console.log(
      `note: allow-list entry ${exception.advisory} (${exception.package}) no longer matches anything; remove it`,
    );
  }
  for (const exception of outcome.expired) {
    console.error(
      `allow-list entry ${exception.advisory} (${exception.package}) was to be reviewed by ${exception.reviewBy}: review it (upgrade, or renew the date with a reason)`,
    );
  }
  for (const advisory of outcome.blocking) console.error(describeAdvisory(advisory));
  if (outcome.blocking.length === 0 && outcome.expired.length === 0) {
    console.log(
      `dependency audit: no high or critical advisory in production dependencies (${outcome.allowed.length} allowed)`,
    );
    return 0;
  }
  console.error(
    `dependency audit failed: ${outcome.blocking.length} advisory(ies) to fix or allow (.ci/audit-allowlist.json), ${outcome.expired.length} allow-list entry(ies) to review`,
  );
  return 1;
}

function main(): number {
  const { settings } = loadScriptsEnv();
  const allowList = ZAllowListSchema.parse(JSON.parse(readFileSync(ALLOW_LIST, "utf8")));
  const run = spawnSync("pnpm", ["audit", "--prod", "--json"], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const stdout = run.error ? JSON.stringify({ error: { message: run.error.message } }) : run.stdout;
  const today = new Date().toISOString().slice(0, 10);
  return report(assessAudit(stdout, allowList, today), settings.KAVI_AUDIT_REQUIRED);
}

try {
  process.exit(main());
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
