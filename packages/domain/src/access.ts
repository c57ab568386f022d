/**
 * Who may do what inside a business: roles, modules and access levels. The named permissions built on them
 * (`invoices.write`, `payouts.approve`) are in ./permissions; the API enforces them through one procedure
 * builder and the client reads the same table to hide what a member cannot use.
 */

export const ROLES = ["owner", "admin", "staff", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const MODULES = [
  "transactions",
  "invoices",
  "payments",
  "budgets",
  "reports",
  "assistant",
  "team",
] as const;
export type Module = (typeof MODULES)[number];

/**
 * read   – see data (every member, staff only inside their modules)
 * write  – create and change data (owner, admin; staff inside their modules)
 * manage – team and business settings (owner, admin)
 * own    – delete the business, transfer ownership (owner)
 */
export const ACCESS_LEVELS = ["read", "write", "manage", "own"] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export interface Requirement {
  /**
   * null: business-wide (settings, activity, the business itself). A list: shared data that any of those
   * modules needs (customers serve both invoices and transactions); staff need at least one of them.
   */
  module: Module | readonly Module[] | null;
  access: Access;
  /**
   * The action reaches people outside the account (emails a customer or an invitee, prompts a phone, pays
   * someone): only an account whose email address is verified may do it, whatever its role.
   */
  verifiedEmail?: boolean;
}

export interface MemberGrant {
  role: Role;
  modules: readonly Module[];
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  staff: "Staff",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Full control, including deleting the business and transferring ownership.",
  admin: "Everything except deleting the business or transferring ownership.",
  staff: "Works inside the modules you assign. Cannot manage the team or settings.",
  viewer: "Can see everything, change nothing.",
};

export const MODULE_LABELS: Record<Module, string> = {
  transactions: "Transactions",
  invoices: "Invoices",
  payments: "Payments",
  budgets: "Budgets",
  reports: "Reports",
  assistant: "Assistant",
  team: "Team",
};

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: AccessDecision = { allowed: true };

/** The role rules: what each role may do with a module × access requirement. */
export function decideRequirement(grant: MemberGrant, requirement: Requirement): AccessDecision {
  const { role, modules } = grant;
  const { module, access } = requirement;
  switch (role) {
    case "owner":
      return ALLOWED;
    case "admin":
      return access === "own" ? { allowed: false, reason: "Only an owner can do this." } : ALLOWED;
    case "viewer":
      return access === "read"
        ? ALLOWED
        : {
            allowed: false,
            reason: "Viewers can look but not change anything. Ask an owner or admin for more access.",
          };
    case "staff": {
      if (access === "manage" || access === "own") {
        return { allowed: false, reason: "Only an owner or admin can manage the team and settings." };
      }
      if (module === null) {
        return access === "read"
          ? ALLOWED
          : { allowed: false, reason: "Only an owner or admin can change this." };
      }
      const needed: readonly Module[] = typeof module === "string" ? [module] : module;
      return needed.some((candidate) => modules.includes(candidate))
        ? ALLOWED
        : {
            allowed: false,
            reason: `You don't have access to ${needed.map((candidate) => MODULE_LABELS[candidate]).join(" or ")}. Ask an owner or admin to give it to you.`,
          };
    }
  }
}

/** Roles a member may hand out: admins cannot create owners. */
export function assignableRoles(actorRole: Role): Role[] {
  if (actorRole === "owner") return ["owner", "admin", "staff", "viewer"];
  if (actorRole === "admin") return ["admin", "staff", "viewer"];
  return [];
}
