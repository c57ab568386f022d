import { describe, expect, it } from "vitest";
import {
  can,
  decideAccess,
  GRANTABLE_MODULES,
  isPermission,
  PERMISSION_NAMES,
  PERMISSIONS,
  requirementOf,
  UNRELEASED_MODULES,
} from "./permissions";
import { ZModuleListSchema } from "./schemas";

const owner = { role: "owner" as const, modules: [] };
const admin = { role: "admin" as const, modules: [] };
const viewer = { role: "viewer" as const, modules: [] };
const till = { role: "staff" as const, modules: ["payments" as const] };

describe("permissions catalogue", () => {
  it("names every permission <resource>.<action> and says what it is for", () => {
    for (const name of PERMISSION_NAMES) {
      expect(name).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
      expect(PERMISSIONS[name].summary.length).toBeGreaterThan(3);
    }
  });

  it("answers a name exactly as the requirement it stands for", () => {
    for (const grant of [owner, admin, viewer, till]) {
      for (const name of PERMISSION_NAMES) {
        expect(decideAccess(grant, name)).toEqual(decideAccess(grant, requirementOf(name)));
      }
    }
  });

  it("keeps payout approval for owners and the request for owners and admins", () => {
    expect(can(owner, "payouts.approve")).toBe(true);
    expect(can(admin, "payouts.approve")).toBe(false);
    expect(can(admin, "payouts.request")).toBe(true);
    expect(can(till, "payouts.request")).toBe(false);
    expect(can(till, "payouts.read")).toBe(true);
  });

  it("lets the person on the M-Pesa line read invoices and record payments, not change invoices", () => {
    expect(can(till, "invoices.read")).toBe(true);
    expect(can(till, "invoices.recordPayments")).toBe(true);
    expect(can(till, "invoices.write")).toBe(false);
    expect(can(viewer, "invoices.recordPayments")).toBe(false);
  });

  it("marks the actions that reach other people as needing a verified email address", () => {
    const verified = PERMISSION_NAMES.filter((name) => requirementOf(name).verifiedEmail === true);
    expect(verified.sort()).toEqual([
      "invoices.requestPayment",
      "invoices.send",
      "loans.repay",
      "payouts.approve",
      "payouts.request",
      "team.invite",
    ]);
  });

  it("tells names from anything else", () => {
    expect(isPermission("invoices.write")).toBe(true);
    expect(isPermission("invoices.delete")).toBe(false);
    expect(isPermission("toString")).toBe(false);
    expect(isPermission({ module: null, access: "read" })).toBe(false);
  });
});

describe("unreleased modules", () => {
  it("are none now that the assistant has shipped: every module can be granted", () => {
    expect(UNRELEASED_MODULES).toEqual([]);
    expect(GRANTABLE_MODULES).toContain("assistant");
    expect(ZModuleListSchema.parse(["assistant", "invoices", "invoices"])).toEqual(["assistant", "invoices"]);
  });
});
