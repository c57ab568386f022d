import { describe, expect, it } from "vitest";
import { type AllowList, assessAudit } from "./audit";

/** The shape `pnpm audit --json` prints, trimmed to what the check reads. */
function auditOutput(
  advisories: { id: number; module: string; severity: string; ghsa: string; cve?: string }[],
) {
  return JSON.stringify({
    actions: [],
    advisories: Object.fromEntries(
      advisories.map((advisory) => [
        String(advisory.id),
        {
          id: advisory.id,
          title: `Problem in ${advisory.module}`,
          module_name: advisory.module,
          severity: advisory.severity,
          github_advisory_id: advisory.ghsa,
          cves: advisory.cve ? [advisory.cve] : [],
          url: `https://github.com/advisories/${advisory.ghsa}`,
          vulnerable_versions: "<2.0.0",
          patched_versions: ">=2.0.0",
          findings: [{ version: "1.0.0", paths: [`.>${advisory.module}`] }],
        },
      ]),
    ),
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 1, critical: 0 } },
  });
}

const NONE: AllowList = { exceptions: [] };
const TODAY = "2026-10-15";

describe("dependency audit", () => {
  it("blocks on high and critical advisories, not on moderate or low ones", () => {
    const outcome = assessAudit(
      auditOutput([
        { id: 1, module: "left-pad", severity: "high", ghsa: "GHSA-aaaa-bbbb-cccc" },
        { id: 2, module: "right-pad", severity: "critical", ghsa: "GHSA-dddd-eeee-ffff" },
        { id: 3, module: "mid-pad", severity: "moderate", ghsa: "GHSA-gggg-hhhh-iiii" },
      ]),
      NONE,
      TODAY,
    );
    expect(outcome.kind === "report" && outcome.blocking.map((advisory) => advisory.module_name)).toEqual([
      "left-pad",
      "right-pad",
    ]);
  });

  it("lets an allow-listed advisory through until its review date, then asks for a review", () => {
    const allowList: AllowList = {
      exceptions: [
        {
          advisory: "CVE-2026-0001",
          package: "left-pad",
          reason: "Only the CLI is affected; we call the library function with constant input.",
          reviewBy: "2026-10-31",
        },
      ],
    };
    const output = auditOutput([
      { id: 1, module: "left-pad", severity: "high", ghsa: "GHSA-aaaa-bbbb-cccc", cve: "CVE-2026-0001" },
    ]);
    const before = assessAudit(output, allowList, TODAY);
    expect(before).toMatchObject({ kind: "report", blocking: [], expired: [] });
    expect(before.kind === "report" && before.allowed).toHaveLength(1);
    const after = assessAudit(output, allowList, "2026-11-01");
    expect(after.kind === "report" && after.blocking).toHaveLength(1);
    expect(after.kind === "report" && after.expired.map((entry) => entry.advisory)).toEqual([
      "CVE-2026-0001",
    ]);
  });

  it("does not let an exception for one package cover the same advisory in another", () => {
    const allowList: AllowList = {
      exceptions: [
        {
          advisory: "GHSA-aaaa-bbbb-cccc",
          package: "other",
          reason: "A reason long enough to read.",
          reviewBy: "2027-01-01",
        },
      ],
    };
    const outcome = assessAudit(
      auditOutput([{ id: 1, module: "left-pad", severity: "high", ghsa: "GHSA-aaaa-bbbb-cccc" }]),
      allowList,
      TODAY,
    );
    expect(outcome.kind === "report" && outcome.blocking).toHaveLength(1);
    expect(outcome.kind === "report" && outcome.unused).toHaveLength(1);
  });

  it("says the audit could not run when the registry refuses, instead of reporting no advisories", () => {
    // What pnpm prints when the registry (or a mirror in front of it) has no audit endpoint.
    const refused = JSON.stringify({
      error: {
        code: "ERR_PNPM_AUDIT_BAD_RESPONSE",
        message:
          "The audit endpoint (at https://registry.npmjs.org/-/npm/v1/security/audits/quick) responded with 405: ",
      },
    });
    expect(assessAudit(refused, NONE, TODAY)).toEqual({
      kind: "unavailable",
      reason: expect.stringContaining("ERR_PNPM_AUDIT_BAD_RESPONSE"),
    });
    expect(assessAudit("", NONE, TODAY)).toMatchObject({ kind: "unavailable" });
    expect(assessAudit("<html>502 Bad Gateway</html>", NONE, TODAY)).toMatchObject({ kind: "unavailable" });
  });

  it("reads the committed allow-list", async () => {
    const { readFileSync } = await import("node:fs");
    const { ZAllowListSchema } = await import("./audit");
    const file = readFileSync(new URL("../../.ci/audit-allowlist.json", import.meta.url), "utf8");
    expect(() => ZAllowListSchema.parse(JSON.parse(file))).not.toThrow();
  });
});
