import { MODULE_LABELS, type Module, ROLE_LABELS, type Role } from "@kavi/domain";

/** Action codes from the audit log, in words. Unknown actions fall back to a readable form of the code. */
const ACTIONS: Record<string, string> = {
  "business.created": "created the business",
  "business.updated": "updated the business details",
  "business.ownership_transferred": "transferred ownership",
  "member.added": "added a member",
  "member.updated": "changed a member's access",
  "member.removed": "removed a member",
  "member.left": "left the business",
  "invitation.created": "sent an invitation",
  "invitation.resent": "resent an invitation",
  "invitation.revoked": "withdrew an invitation",
  "invitation.accepted": "accepted an invitation",
  "invitation.declined": "declined an invitation",
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action.replace(/[._]/g, " ");
}

const FIELD_LABELS: Record<string, string> = {
  legalName: "Legal name",
  tradingName: "Trading name",
  registrationNumber: "Registration number",
  taxId: "KRA PIN",
  employeeCount: "Employees",
  foundingYear: "Year founded",
  businessModel: "Business model",
  revenueBand: "Revenue",
  baseCurrency: "Base currency",
  timezone: "Time zone",
};

export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const spaced = field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A changed value as a person reads it: roles and modules by their labels, empty as an em dash. */
export function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "role" && typeof value === "string" && value in ROLE_LABELS)
    return ROLE_LABELS[value as Role];
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    return value
      .map((item) =>
        typeof item === "string" && item in MODULE_LABELS ? MODULE_LABELS[item as Module] : String(item),
      )
      .join(", ");
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function entityLabel(entityType: string): string {
  const labels: Record<string, string> = {
    business: "Business",
    membership: "Members",
    invitation: "Invitations",
    user: "Accounts",
    session: "Sessions",
  };
  return labels[entityType] ?? fieldLabel(entityType);
}
