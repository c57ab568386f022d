import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  EMAIL_TEMPLATES,
  IN_APP_NOTIFICATION_KINDS,
  preferenceFor,
} from "@kavi/domain";
import { describe, expect, it } from "vitest";
import { QUOTA_TEMPLATES } from "./email-quota";

// Every notification and email is sent from packages/api (the worker and server call its services). Reading the
// senders' source finds a kind sent without going through the typed helpers (a cast, a computed string).
const sourceRoot = join(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.includes(".test.") ? [path] : [];
  });
}

/**
 * The string literals on `kind:` lines of each `notify(` call, and on `template:` lines of each `queueEmail(` call;
 * a batch (settling M-Pesa payments together) pushes the same objects into `notices` and `receipts` for
 * `notifyAll` and `queueEmails`, so those pushes are read too.
 */
function sentKinds(): { inApp: Map<string, string>; email: Map<string, string> } {
  const inApp = new Map<string, string>();
  const email = new Map<string, string>();
  for (const file of sourceFiles(sourceRoot)) {
    const text = readFileSync(file, "utf8");
    const where = relative(sourceRoot, file);
    for (const [call, key, into] of [
      ["await notify(", "kind", inApp],
      ["await queueEmail(", "template", email],
      ["notices.push(", "kind", inApp],
      ["receipts.push(", "template", email],
    ] as const) {
      let at = text.indexOf(call);
      while (at !== -1) {
        // The call's argument object: up to the first line that closes it.
        const end = text.indexOf("\n  });", at);
        const body = text.slice(at, end === -1 ? undefined : end);
        const line = body.split("\n").find((candidate) => candidate.trim().startsWith(`${key}:`));
        expect(line, `${where}: ${call} without a ${key}`).toBeDefined();
        const literals = [...(line ?? "").matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? "");
        if (literals.length === 0 && line?.includes("QUOTA_TEMPLATES")) {
          for (const template of Object.values(QUOTA_TEMPLATES)) into.set(template, where);
        } else {
          expect(literals.length, `${where}: ${line?.trim()} is not a literal kind`).toBeGreaterThan(0);
          for (const literal of literals) into.set(literal, where);
        }
        at = text.indexOf(call, at + call.length);
      }
    }
  }
  return { inApp, email };
}

describe("every notification and email kind has its preference entry", () => {
  const sent = sentKinds();

  it("finds the senders (the scan works)", () => {
    expect(sent.inApp.size).toBeGreaterThan(10);
    expect(sent.email.size).toBeGreaterThan(15);
  });

  it("every in-app kind sent is in IN_APP_NOTIFICATION_KINDS, and every entry is sent", () => {
    for (const [kind, where] of sent.inApp) {
      expect(Object.keys(IN_APP_NOTIFICATION_KINDS), `${kind} (sent in ${where})`).toContain(kind);
    }
    expect([...sent.inApp.keys()].sort()).toEqual(Object.keys(IN_APP_NOTIFICATION_KINDS).sort());
  });

  it("every email template sent is in EMAIL_TEMPLATES, and every entry is sent", () => {
    for (const [template, where] of sent.email) {
      expect(Object.keys(EMAIL_TEMPLATES), `${template} (sent in ${where})`).toContain(template);
    }
    expect([...sent.email.keys()].sort()).toEqual(Object.keys(EMAIL_TEMPLATES).sort());
  });

  it("every switch a person can turn off governs at least one kind (no switch that does nothing)", () => {
    const usedInApp = new Set(Object.values(IN_APP_NOTIFICATION_KINDS));
    for (const key of Object.keys(DEFAULT_NOTIFICATION_PREFERENCES.inApp)) expect(usedInApp).toContain(key);
    const usedEmail = new Set<string>(Object.values(EMAIL_TEMPLATES));
    for (const key of Object.keys(DEFAULT_NOTIFICATION_PREFERENCES.email)) expect(usedEmail).toContain(key);
  });

  it("reads the switch from the catalogue", () => {
    expect(preferenceFor("inApp", "budget.warning")).toBe("budgetAlerts");
    expect(preferenceFor("inApp", "mpesa.payout_awaiting_approval")).toBeNull();
    expect(preferenceFor("email", "invoice.paid")).toBe("invoicePaid");
    expect(preferenceFor("email", "invoice.sent")).toBeNull();
    expect(preferenceFor("sms", "loan.repayment_reminder")).toBeNull();
  });
});
