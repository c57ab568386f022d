import { describe, expect, it } from "vitest";
import { NAV_ITEMS, type NavItem, navigationFor, resolveNotificationLink } from "./navigation";

const ids = (groups: ReturnType<typeof navigationFor>) =>
  groups.flatMap((group) => group.items.map((item) => item.id));

describe("navigationFor", () => {
  it("shows owners and admins everything that exists", () => {
    const everything = [
      "home",
      "dashboard",
      "transactions",
      "invoices",
      "mpesa",
      "customers",
      "suppliers",
      "budgets",
      "cash-flow",
      "reports",
      "rates",
      "credit-score",
      "loans",
      "categories",
      "team",
      "activity",
      "invoice-settings",
      "business",
      "mpesa-settings",
      "api-keys",
      "webhooks",
    ];
    expect(ids(navigationFor({ role: "owner", modules: [] }))).toEqual(everything);
    expect(ids(navigationFor({ role: "admin", modules: [] }))).toEqual(everything);
  });

  it("shows staff only their modules, and never the activity log", () => {
    expect(ids(navigationFor({ role: "staff", modules: ["transactions"] }))).toEqual([
      "home",
      "transactions",
      "customers",
      "suppliers",
      "rates",
      "categories",
      "business",
    ]);
    expect(ids(navigationFor({ role: "staff", modules: ["team"] }))).toEqual(["home", "team", "business"]);
    expect(ids(navigationFor({ role: "staff", modules: ["reports"] }))).toEqual([
      "home",
      "dashboard",
      "cash-flow",
      "reports",
      "rates",
      "credit-score",
      "loans",
      "categories",
      "business",
    ]);
    // Invoices are read by the people who invoice and by those who take the payments.
    expect(ids(navigationFor({ role: "staff", modules: ["payments"] }))).toEqual([
      "home",
      "invoices",
      "mpesa",
      "customers",
      "suppliers",
      "rates",
      "business",
    ]);
  });

  it("lets viewers read but not manage", () => {
    expect(ids(navigationFor({ role: "viewer", modules: [] }))).toEqual([
      "home",
      "dashboard",
      "transactions",
      "invoices",
      "mpesa",
      "customers",
      "suppliers",
      "budgets",
      "cash-flow",
      "reports",
      "rates",
      "credit-score",
      "loans",
      "categories",
      "team",
      "business",
    ]);
  });

  it("takes entries later features add, filtered by their module, and drops empty sections", () => {
    const transactions: NavItem = {
      ...(NAV_ITEMS[0] as NavItem),
      id: "transactions",
      path: "transactions",
      permission: "transactions.read",
    };
    const settingsOnly = NAV_ITEMS.filter((item) => item.section === "settings");
    const staff = navigationFor({ role: "staff", modules: ["invoices"] }, [transactions, ...settingsOnly]);
    expect(staff.map((group) => group.section)).toEqual(["settings"]);
    const allowed = navigationFor({ role: "staff", modules: ["transactions"] }, [
      transactions,
      ...settingsOnly,
    ]);
    expect(ids(allowed)).toEqual(["transactions", "categories", "business"]);
  });
});

describe("resolveNotificationLink", () => {
  const id = "3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60";
  it("puts business links under the business", () => {
    expect(resolveNotificationLink("/settings/team", id)).toBe(`/b/${id}/settings/team`);
    expect(resolveNotificationLink("/", id)).toBe(`/b/${id}`);
    expect(resolveNotificationLink(`/b/${id}/activity`, id)).toBe(`/b/${id}/activity`);
  });
  it("refuses anything that is not an app path", () => {
    expect(resolveNotificationLink("https://evil.example", id)).toBeNull();
    expect(resolveNotificationLink("//evil.example/x", id)).toBeNull();
    expect(resolveNotificationLink(null, id)).toBeNull();
    expect(resolveNotificationLink("/account/security", null)).toBe("/account/security");
  });
});
