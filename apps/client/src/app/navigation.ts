import { can, type MemberGrant, type Permission } from "@kavi/domain";
import {
  ArrowLeftRight,
  Building2,
  ChartColumn,
  FileText,
  Gauge,
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

export type NavSection = "workspace" | "settings";

/**
 * One entry per business page. Later features add theirs (Dashboard, Transactions, Invoices, Payments,
 * Budgets, Cash flow, Reports, Assistant) with the module they need; only pages that exist are listed.
 */
export interface NavItem {
  id: string;
  label: string;
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
    label: "Home",
    icon: House,
    path: "",
    permission: "business.read",
    section: "workspace",
  },
  {
    id: "dashboard",
    label: "Dashboard",
    icon: ChartColumn,
    path: "dashboard",
    permission: "reports.read",
    section: "workspace",
  },
  {
    id: "transactions",
    label: "Transactions",
    icon: ArrowLeftRight,
    path: "transactions",
    permission: "transactions.read",
    section: "workspace",
  },
  {
    id: "invoices",
    label: "Invoices",
    icon: FileText,
    path: "invoices",
    permission: "invoices.read",
    section: "workspace",
  },
  {
    id: "mpesa",
    label: "M-Pesa",
    icon: Smartphone,
    path: "mpesa/payments",
    permission: "payments.read",
    section: "workspace",
  },
  {
    id: "customers",
    label: "Customers",
    icon: Store,
    path: "customers",
    permission: "customers.read",
    section: "workspace",
  },
  {
    id: "suppliers",
    label: "Suppliers",
    icon: Truck,
    path: "suppliers",
    permission: "suppliers.read",
    section: "workspace",
  },
  {
    id: "budgets",
    label: "Budgets",
    icon: PiggyBank,
    path: "budgets",
    permission: "budgets.read",
    section: "workspace",
  },
  {
    id: "cash-flow",
    label: "Cash flow",
    icon: Waves,
    path: "cash-flow",
    permission: "reports.read",
    section: "workspace",
  },
  {
    id: "credit-score",
    label: "Credit score",
    icon: Gauge,
    path: "credit-score",
    permission: "reports.read",
    section: "workspace",
  },
  {
    id: "categories",
    label: "Categories",
    icon: Tags,
    path: "settings/categories",
    permission: "categories.read",
    section: "settings",
  },
  {
    id: "team",
    label: "Team",
    icon: Users,
    path: "settings/team",
    permission: "team.read",
    section: "settings",
  },
  {
    id: "activity",
    label: "Activity",
    icon: History,
    path: "activity",
    permission: "activity.read",
    section: "settings",
  },
  {
    id: "invoice-settings",
    label: "Invoicing",
    icon: ReceiptText,
    path: "settings/invoices",
    permission: "invoices.settings",
    section: "settings",
  },
  {
    id: "business",
    label: "Business settings",
    icon: Building2,
    path: "settings/business",
    permission: "business.read",
    section: "settings",
  },
  {
    id: "mpesa-settings",
    label: "M-Pesa setup",
    icon: Settings2,
    path: "settings/mpesa",
    permission: "mpesa.settings",
    section: "settings",
  },
  {
    id: "api-keys",
    label: "API",
    icon: KeyRound,
    path: "settings/api",
    permission: "apiKeys.manage",
    section: "settings",
  },
  {
    id: "webhooks",
    label: "Webhooks",
    icon: Webhook,
    path: "settings/webhooks",
    permission: "webhooks.manage",
    section: "settings",
  },
];

export const SECTION_LABELS: Record<NavSection, string> = { workspace: "Workspace", settings: "Settings" };

export function businessPath(businessId: string, path = ""): string {
  return path ? `/b/${businessId}/${path}` : `/b/${businessId}`;
}

/** The entries a member may use, grouped by section in display order; empty sections are dropped. */
export function navigationFor(
  grant: MemberGrant,
  items: readonly NavItem[] = NAV_ITEMS,
): { section: NavSection; label: string; items: NavItem[] }[] {
  const visible = items.filter((item) => can(grant, item.permission));
  return (Object.keys(SECTION_LABELS) as NavSection[])
    .map((section) => ({
      section,
      label: SECTION_LABELS[section],
      items: visible.filter((item) => item.section === section),
    }))
    .filter((group) => group.items.length > 0);
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
