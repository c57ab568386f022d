import { can, type MemberGrant, type Permission } from "@kavi/domain";
import {
  ArrowLeftRight,
  Building2,
  ChartColumn,
  Coins,
  FileText,
  Gauge,
  HandCoins,
  History,
  House,
  KeyRound,
  type LucideIcon,
  PiggyBank,
  ReceiptText,
  Settings2,
  Smartphone,
  Store,
  Tags,
  Truck,
  Users,
  Waves,
  Webhook,
} from "lucide-react";

import type enShell from "../locales/en/shell.json";

export type NavSection = "workspace" | "settings";
/** An entry's id is also its label's key in the shell catalogue (`nav.<id>`). */
export type NavId = Exclude<keyof typeof enShell.nav, "businessTab">;

/**
 * One entry per business page. Later features add theirs (Dashboard, Transactions, Invoices, Payments,
 * Budgets, Cash flow, Reports, Assistant) with the module they need; only pages that exist are listed.
 */
export interface NavItem {
  id: NavId;
  icon: LucideIcon;
  /** Relative to /b/:businessId ("" is the business home). */
  path: string;
  /** What a member needs to see it: a name from the permissions catalogue, which the API enforces too. */
  permission: Permission;
  section: NavSection;
}

export const NAV_ITEMS: readonly NavItem[] = [
  {
    id: "home",
    icon: House,
    path: "",
    permission: "business.read",
    section: "workspace",
  },
  {
    id: "dashboard",
    icon: ChartColumn,
    path: "dashboard",
    permission: "reports.read",
    section: "workspace",
  },
  {
    id: "transactions",
    icon: ArrowLeftRight,
    path: "transactions",
    permission: "transactions.read",
    section: "workspace",
  },
  {
    id: "invoices",
    icon: FileText,
    path: "invoices",
    permission: "invoices.read",
    section: "workspace",
  },
  {
    id: "mpesa",
    icon: Smartphone,
    path: "mpesa/payments",
    permission: "payments.read",
    section: "workspace",
  },
  {
    id: "customers",
    icon: Store,
    path: "customers",
    permission: "customers.read",
    section: "workspace",
  },
  {
    id: "suppliers",
    icon: Truck,
    path: "suppliers",
    permission: "suppliers.read",
    section: "workspace",
  },
  {
    id: "budgets",
    icon: PiggyBank,
    path: "budgets",
    permission: "budgets.read",
    section: "workspace",
  },
  {
    id: "cash-flow",
    icon: Waves,
    path: "cash-flow",
    permission: "reports.read",
    section: "workspace",
  },
  {
    id: "reports",
    icon: ChartColumn,
    path: "reports",
    permission: "reports.read",
    section: "workspace",
  },
  {
    id: "rates",
    icon: Coins,
    path: "rates",
    permission: "rates.read",
    section: "workspace",
  },
  {
    id: "credit-score",
    icon: Gauge,
    path: "credit-score",
    permission: "reports.read",
    section: "workspace",
  },
  {
    id: "loans",
    icon: HandCoins,
    path: "loans",
    permission: "loans.read",
    section: "workspace",
  },
  {
    id: "categories",
    icon: Tags,
    path: "settings/categories",
    permission: "categories.read",
    section: "settings",
  },
  {
    id: "team",
    icon: Users,
    path: "settings/team",
    permission: "team.read",
    section: "settings",
  },
  {
    id: "activity",
    icon: History,
    path: "activity",
    permission: "activity.read",
    section: "settings",
  },
  {
    id: "invoice-settings",
    icon: ReceiptText,
    path: "settings/invoices",
    permission: "invoices.settings",
    section: "settings",
  },
  {
    id: "business",
    icon: Building2,
    path: "settings/business",
    permission: "business.read",
    section: "settings",
  },
  {
    id: "mpesa-settings",
    icon: Settings2,
    path: "settings/mpesa",
    permission: "mpesa.settings",
    section: "settings",
  },
  {
    id: "api-keys",
    icon: KeyRound,
    path: "settings/api",
    permission: "apiKeys.manage",
    section: "settings",
  },
  {
    id: "webhooks",
    icon: Webhook,
    path: "settings/webhooks",
    permission: "webhooks.manage",
    section: "settings",
  },
];

const SECTIONS: readonly NavSection[] = ["workspace", "settings"];

export function businessPath(businessId: string, path = ""): string {
  return path ? `/b/${businessId}/${path}` : `/b/${businessId}`;
}

/** The entries a member may use, grouped by section in display order; empty sections are dropped. */
export function navigationFor(
  grant: MemberGrant,
  items: readonly NavItem[] = NAV_ITEMS,
): { section: NavSection; items: NavItem[] }[] {
  const visible = items.filter((item) => can(grant, item.permission));
  return SECTIONS.map((section) => ({
    section,
    items: visible.filter((item) => item.section === section),
  })).filter((group) => group.items.length > 0);
}

/**
 * Notifications carry app paths such as "/settings/team"; inside a business they belong under /b/:id.
 * Anything that is not a plain app path is dropped rather than followed.
 */
export function resolveNotificationLink(link: string | null, businessId: string | null): string | null {
  if (!link?.startsWith("/") || link.startsWith("//")) return null;
  if (!businessId || link.startsWith("/b/")) return link;
  return link === "/" ? businessPath(businessId) : `/b/${businessId}${link}`;
}
