import { describe, expect, it } from "vitest";
import { assignableRoles } from "./access";
import { can, decideAccess } from "./permissions";

describe("access", () => {
  it("lets owners do everything and admins all but owner actions", () => {
    expect(can({ role: "owner", modules: [] }, { module: null, access: "own" })).toBe(true);
    expect(can({ role: "admin", modules: [] }, { module: "invoices", access: "write" })).toBe(true);
    expect(can({ role: "admin", modules: [] }, { module: null, access: "manage" })).toBe(true);
    expect(can({ role: "admin", modules: [] }, { module: null, access: "own" })).toBe(false);
  });

  it("keeps viewers read-only", () => {
    expect(can({ role: "viewer", modules: [] }, { module: "invoices", access: "read" })).toBe(true);
    expect(can({ role: "viewer", modules: [] }, { module: "invoices", access: "write" })).toBe(false);
  });

  it("keeps staff inside their modules and out of management", () => {
    const staff = { role: "staff" as const, modules: ["transactions" as const] };
    expect(can(staff, { module: "transactions", access: "write" })).toBe(true);
    expect(can(staff, { module: null, access: "read" })).toBe(true);
    expect(can(staff, { module: null, access: "write" })).toBe(false);
    expect(can(staff, { module: "team", access: "manage" })).toBe(false);
    const refused = decideAccess(staff, { module: "invoices", access: "read" });
    expect(refused).toEqual({ allowed: false, reason: expect.stringContaining("Invoices") });
  });

  it("lets staff use shared data through any one of the modules that need it", () => {
    const invoicing = { role: "staff" as const, modules: ["invoices" as const] };
    expect(can(invoicing, { module: ["invoices", "transactions"], access: "write" })).toBe(true);
    const refused = decideAccess(invoicing, { module: ["transactions", "payments"], access: "read" });
    expect(refused).toEqual({ allowed: false, reason: expect.stringContaining("Transactions or Payments") });
  });

  it("lets only owners create owners", () => {
    expect(assignableRoles("owner")).toContain("owner");
    expect(assignableRoles("admin")).not.toContain("owner");
    expect(assignableRoles("staff")).toEqual([]);
  });
});
