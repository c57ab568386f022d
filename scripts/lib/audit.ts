import { z } from "zod";

/**
 * The dependency audit CI runs (`pnpm audit --prod`, high and critical advisories), read from its JSON and
 * checked against the allow-list (`.ci/audit-allowlist.json`): each exception names the advisory, says why it
 * does not apply to KAVI, and carries a date by which someone looks again. Pure: the clock is an input.
 */

export const BLOCKING_SEVERITIES = ["high", "critical"] as const;

const ZAdvisorySchema = z.object({
  id: z.union([z.number(), z.string()]),
  title: z.string().default(""),
  module_name: z.string(),
  severity: z.string(),
  github_advisory_id: z.string().optional(),
  cves: z.array(z.string()).default([]),
  url: z.string().default(""),
  vulnerable_versions: z.string().default(""),
  patched_versions: z.string().default(""),
  findings: z.array(z.object({ version: z.string(), paths: z.array(z.string()).default([]) })).default([]),
});

const ZAuditReportSchema = z.object({ advisories: z.record(z.string(), ZAdvisorySchema).default({}) });
const ZAuditErrorSchema = z.object({ error: z.object({ code: z.string().optional(), message: z.string() }) });

export const ZAllowListSchema = z.object({
  exceptions: z.array(
    z.object({
      /** GHSA id, CVE or the registry's numeric advisory id. */
      advisory: z.string().min(1),
      package: z.string().min(1),
      reason: z.string().min(20, { error: "say why the advisory does not apply (20+ characters)" }),
      reviewBy: z.iso.date(),
    }),
  ),
});

export type Advisory = z.output<typeof ZAdvisorySchema>;
export type AllowList = z.output<typeof ZAllowListSchema>;
type Exception = AllowList["exceptions"][number];

export type AuditOutcome =
  /** The audit ran: what blocks, what an exception covers, and exceptions past their review date. */
  | { kind: "report"; blocking: Advisory[]; allowed: Advisory[]; expired: Exception[]; unused: Exception[] }
  /** The audit could not run (the registry's audit endpoint unreachable or refusing). */
  | { kind: "unavailable"; reason: string };

function namesOf(advisory: Advisory): string[] {
  return [
    String(advisory.id),
    ...(advisory.github_advisory_id ? [advisory.github_advisory_id] : []),
    ...advisory.cves,
  ];
}

/** Reads `pnpm audit --json` output (stdout) and applies the allow-list as of `today` (YYYY-MM-DD). */
export function assessAudit(stdout: string, allowList: AllowList, today: string): AuditOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    const excerpt = stdout.trim().slice(0, 300);
    return {
      kind: "unavailable",
      reason: excerpt ? `unreadable audit output: ${excerpt}` : "no audit output",
    };
  }
  const failure = ZAuditErrorSchema.safeParse(parsed);
  if (failure.success) {
    const { code, message } = failure.data.error;
    return { kind: "unavailable", reason: code ? `${code}: ${message}` : message };
  }
  const report = ZAuditReportSchema.safeParse(parsed);
  if (!report.success) return { kind: "unavailable", reason: "the audit output has an unknown shape" };

  const live = allowList.exceptions.filter((exception) => exception.reviewBy >= today);
  const expired = allowList.exceptions.filter((exception) => exception.reviewBy < today);
  const covering = (advisory: Advisory) =>
    live.find(
      (exception) =>
        exception.package === advisory.module_name && namesOf(advisory).includes(exception.advisory),
    );
  const relevant = Object.values(report.data.advisories).filter((advisory) =>
    (BLOCKING_SEVERITIES as readonly string[]).includes(advisory.severity),
  );
  const allowed = relevant.filter((advisory) => covering(advisory));
  const blocking = relevant.filter((advisory) => !covering(advisory));
  const used = new Set(allowed.map((advisory) => covering(advisory)));
  const unused = live.filter((exception) => !used.has(exception));
  return { kind: "report", blocking, allowed, expired, unused };
}

export function describeAdvisory(advisory: Advisory): string {
  const name = advisory.github_advisory_id ?? advisory.cves[0] ?? String(advisory.id);
  const versions = [...new Set(advisory.findings.map((finding) => finding.version))].join(", ");
  const path = advisory.findings[0]?.paths[0];
  return [
    `${advisory.severity.toUpperCase()} ${advisory.module_name}@${versions || "?"} ${name}: ${advisory.title}`,
    `    fixed in ${advisory.patched_versions || "no release yet"}${path ? `; via ${path}` : ""}`,
    ...(advisory.url ? [`    ${advisory.url}`] : []),
  ].join("\n");
}
