/** Visiting the Security page once counts as "security checked" on the home checklist (remembered per device). */
const KEY = "kavi:security-reviewed";

function read(): Set<string> {
  try {
    return new Set(localStorage.getItem(KEY)?.split(",").filter(Boolean));
  } catch {
    return new Set();
  }
}

export function hasReviewedSecurity(userId: string | undefined): boolean {
  return Boolean(userId) && read().has(String(userId));
}

export function rememberSecurityReview(userId: string): void {
  const seen = read();
  seen.add(userId);
  try {
    localStorage.setItem(KEY, [...seen].join(","));
  } catch {
    // Private browsing: the checklist just keeps the step open.
  }
}
