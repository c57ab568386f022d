import { parseSync } from "oxc-parser";
import { describe, expect, it } from "vitest";
import { CATALOGUES, cataloguePath } from "./catalogue-loader";
import {
  loadMessageTable,
  translatedMessages,
  translateMessage,
  translateProblemMessage,
  translateProblemTitle,
} from "./messages";
import { NAMESPACES, type Namespace, RESOURCES } from "./resources";

/**
 * The catalogues are part of the product: a key missing in either language, a key nothing uses, a `t("…")` call
 * naming a key that does not exist, or an English sentence left in a translated screen fails here.
 */

const SOURCES = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../i18n/**"], {
  query: "?raw",
  import: "default",
  eager: true,
});
/** The server's own refusals (AppError messages) reach the screens too. */
const API_SOURCES = import.meta.glob<string>(
  ["../../../../packages/api/src/**/*.ts", "!../../../../packages/api/src/**/*.test.ts"],
  { query: "?raw", import: "default", eager: true },
);
const DOMAIN_SOURCES = import.meta.glob<string>(
  ["../../../../packages/domain/src/**/*.ts", "!../../../../packages/domain/src/**/*.test.ts"],
  { query: "?raw", import: "default", eager: true },
);

/** Features whose screens are fully translated: the hard-coded-text check covers them. Add yours when done. */
const TRANSLATED = [
  "../features/dashboard/",
  "../features/public-invoice/",
  "../ui/",
  "../features/shell/",
  "../features/home/",
  "../features/notifications/notification-bell",
  "../features/transactions/transactions-page",
  "../features/transactions/transaction-form",
  "../features/transactions/transaction-row",
  "../features/transactions/import",
  "../features/transactions/attachments",
  "../features/transactions/receipt-capture",
  "../features/transactions/review-queue",
  "../features/auth/",
  "../features/verify-email/",
  "../features/errors/",
  "../features/business/",
  "../features/data-rights/",
  "../features/onboarding/",
  "../features/invitations/",
  "../features/team/",
  "../features/account/security-page",
  "../features/notifications/",
  "../features/budgets/",
  "../features/loans/",
  "../features/lending/",
  "../features/reports/",
  "../features/invoices/",
  "../features/customers/",
  "../features/suppliers/",
  "../features/categories/",
  "../features/mpesa/",
  "../features/assistant/",
  "../features/invoices/editor/etims-card",
  "../features/account/profile-page",
  "../features/credit/",
  "../features/cash-flow/",
  "../features/webhooks/",
  "../features/api-keys/",
  "../features/admin/",
  "../features/activity/",
  "../app/route-guards",
  "../app/route-error",
  "../features/offline/",
];

/** The app's own code (not its tests), i18n included: none of it may pull every catalogue in at once. */
const APP_SOURCES = import.meta.glob<string>(
  ["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../i18n/resources.ts"],
  {
    query: "?raw",
    import: "default",
    eager: true,
  },
);

// The Kiswahili message table is loaded with the language, as in the app.
await loadMessageTable("sw");

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ""): Map<string, string> {
  const keys = new Map<string, string>();
  if (typeof value === "string") {
    keys.set(prefix, value);
    return keys;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    for (const [path, text] of flatten(child, prefix ? `${prefix}.${key}` : key)) keys.set(path, text);
  }
  return keys;
}

const catalogue = (language: "en" | "sw", namespace: Namespace) =>
  flatten((RESOURCES[language] as Record<Namespace, unknown>)[namespace]);

const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1]).sort();

interface Usage {
  file: string;
  namespace: Namespace;
  key: string;
}

/**
 * What a file asks for. A `t("key")` belongs to the nearest `useTranslation("ns")` (or `(["ns", …])`) above it,
 * `useTranslation()` meaning "common"; `t("other:key")` names its namespace.
 */
function usagesIn(file: string, source: string) {
  const hooks = [...source.matchAll(/useTranslation\(\s*(?:"(\w+)"|\[\s*"(\w+)"[^\]]*\])?\s*\)/g)].map(
    (match) => ({
      at: match.index,
      namespace: (match[1] ?? match[2] ?? "common") as Namespace,
      all: [...match[0].matchAll(/"(\w+)"/g)].map((item) => item[1] as Namespace),
    }),
  );
  const namespaceAt = (index: number): Namespace =>
    (hooks.filter((hook) => hook.at < index).at(-1) ?? hooks[0])?.namespace ?? "common";
  const resolve = (raw: string, index: number): Usage => {
    const [first, second] = raw.split(":");
    return second === undefined
      ? { file, namespace: namespaceAt(index), key: raw }
      : { file, namespace: first as Namespace, key: second };
  };
  const keys = [...source.matchAll(/\bt\(\s*"([^"]+)"/g)].map((match) =>
    resolve(match[1] ?? "", match.index),
  );
  const prefixes = [...source.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)].map((match) =>
    resolve(match[1] ?? "", match.index),
  );
  const literals = new Set(
    [...source.matchAll(/["`]([\w-]+:)?[\w.-]+["`]/g)].map((match) => match[0].slice(1, -1)),
  );
  const namespaces = new Set<Namespace>(
    hooks.flatMap((hook) => (hook.all.length ? hook.all : ["common" as Namespace])),
  );
  for (const match of source.matchAll(/["`](\w+):[\w.-]+/g)) namespaces.add(match[1] as Namespace);
  return { keys, prefixes, literals, namespaces: [...namespaces] };
}

const usages = Object.entries(SOURCES)
  .filter(([, source]) => source.includes("useTranslation"))
  .map(([file, source]) => usagesIn(file, source));

/** Text a person reads, written straight into JSX: text between tags and the attributes that are read aloud. */
const READ_ATTRIBUTES = new Set(["aria-label", "title", "label", "description", "placeholder", "alt"]);
const NOT_WORDS = /^(KAVI|M-Pesa|KES)$/;
function hardCodedText(file: string, source: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const current = node as { type?: string; value?: unknown; name?: { name?: unknown } };
    if (current.type === "JSXText" && typeof current.value === "string") {
      const text = current.value.trim();
      if (/[A-Za-z]{2,}/.test(text) && !NOT_WORDS.test(text)) found.push(text);
    } else if (current.type === "JSXAttribute") {
      const name = String(current.name?.name ?? "");
      const value = current.value as { type?: string; value?: unknown } | null;
      if (
        READ_ATTRIBUTES.has(name) &&
        value?.type === "Literal" &&
        typeof value.value === "string" &&
        /[A-Za-z]{2,}/.test(value.value)
      ) {
        found.push(`${name}="${value.value}"`);
      }
    }
    for (const child of Object.values(current)) if (typeof child === "object") visit(child);
  };
  visit(parseSync(file, source).program);
  return found.map((text) => `${file}: ${text}`);
}

describe("message catalogues", () => {
  it("lazy-loads exactly the namespaces the types know, in both languages", () => {
    const expected = NAMESPACES.flatMap((namespace) => [
      cataloguePath("en", namespace),
      cataloguePath("sw", namespace),
    ]);
    expect(Object.keys(CATALOGUES).sort()).toEqual(expected.sort());
  });

  it("keeps the bundle of every catalogue out of the app's code (tests and types only)", () => {
    const importers = Object.entries(APP_SOURCES)
      .filter(([, source]) =>
        /^import (?!type\b)[^;]*from\s+"(?:\.\.?\/)+(?:i18n\/)?resources"/m.test(source),
      )
      .map(([file]) => file);
    expect(importers).toEqual([]);
  });

  it.each(NAMESPACES)("%s has the same keys in English and Kiswahili, each translated", (namespace) => {
    const english = catalogue("en", namespace);
    const swahili = catalogue("sw", namespace);
    expect([...swahili.keys()].sort(), "keys in Kiswahili").toEqual([...english.keys()].sort());
    for (const [key, text] of swahili) {
      expect(text.trim(), `sw ${namespace}:${key} is empty`).not.toBe("");
      expect(variables(text), `sw ${namespace}:${key} has other {{variables}} than English`).toEqual(
        variables(english.get(key) ?? ""),
      );
    }
  });

  it("has every key the code asks for", () => {
    const missing = usages
      .flatMap((usage) => usage.keys)
      .filter(({ namespace, key }) => {
        const english = catalogue("en", namespace);
        return (
          !english.has(key) && ![...english.keys()].some((path) => path.replace(PLURAL_SUFFIX, "") === key)
        );
      })
      .map(({ file, namespace, key }) => `${file}: ${namespace}:${key}`);
    expect(missing).toEqual([]);
  });

  it("has no key the code does not use", () => {
    const unused: string[] = [];
    for (const namespace of NAMESPACES) {
      const readers = usages.filter((usage) => usage.namespaces.includes(namespace));
      for (const key of catalogue("en", namespace).keys()) {
        const base = key.replace(PLURAL_SUFFIX, "");
        const used = readers.some(
          (usage) =>
            usage.literals.has(base) ||
            usage.literals.has(`${namespace}:${base}`) ||
            usage.prefixes.some((prefix) => prefix.namespace === namespace && base.startsWith(prefix.key)),
        );
        if (!used) unused.push(`${namespace}:${key}`);
      }
    }
    expect(unused).toEqual([]);
  });

  it("leaves no hard-coded English in the translated features' JSX", () => {
    const offenders = Object.entries(SOURCES)
      .filter(([file]) => file.endsWith(".tsx") && TRANSLATED.some((prefix) => file.startsWith(prefix)))
      .flatMap(([file, source]) => hardCodedText(file, source));
    expect(offenders).toEqual([]);
  });
});

describe("messages from the schemas and the server", () => {
  const schemaMessages = new Set(
    Object.values(DOMAIN_SOURCES).flatMap((source) =>
      [...source.matchAll(/\b(?:error|message):\s*"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] ?? ""),
    ),
  );

  it("finds the schema messages (the check below is not vacuous)", () => {
    expect(schemaMessages.size).toBeGreaterThan(50);
  });

  it("knows every field name the schema helpers put into their messages", () => {
    const labels = Object.values(DOMAIN_SOURCES).flatMap((source) =>
      [...source.matchAll(/(?:requiredText|optionalText)\([^)"]*"([^"]+)"\s*\)/g)].map(
        (match) => match[1] ?? "",
      ),
    );
    expect(labels.length).toBeGreaterThan(10);
    const table = translatedMessages("sw");
    expect(labels.filter((label) => !table.labels[label])).toEqual([]);
  });

  it("translates every validation message the domain schemas write", () => {
    const untranslated = [...schemaMessages].filter((message) => translateMessage(message, "sw") === message);
    expect(untranslated).toEqual([]);
  });

  it("keeps no translation for a message nothing writes any more", () => {
    const everything = [
      ...Object.values(DOMAIN_SOURCES),
      ...Object.values(API_SOURCES),
      ...Object.values(SOURCES),
    ].join("\n");
    const table = translatedMessages("sw");
    const stale = [
      ...Object.keys(table.exact).filter((message) => !everything.includes(`"${message}"`)),
      ...Object.keys(table.labels).filter((label) => !everything.includes(`"${label}"`)),
    ];
    expect(stale).toEqual([]);
  });

  it("translates the schema helpers' messages with the field's name", () => {
    expect(translateMessage("Your name is required", "sw")).toBe("Jaza jina lako");
    expect(translateMessage("Legal name has at most 255 characters", "sw")).toBe(
      "Jina rasmi: herufi zisizozidi 255",
    );
    expect(translateMessage("Enter an amount", "en")).toBe("Enter an amount");
    expect(translateMessage("A sentence nobody translated", "sw")).toBe("A sentence nobody translated");
  });

  it("translates the server's refusals, waits included", () => {
    expect(translateMessage("Please sign in to continue", "sw")).toBe("Tafadhali ingia ili uendelee");
    expect(translateMessage("Too many failed attempts. Wait 2 minutes and try again.", "sw")).toBe(
      "Majaribio mengi yameshindwa. Subiri dakika 2 kisha ujaribu tena.",
    );
    expect(translateMessage("We just sent an email. Wait 40 seconds before asking for another.", "sw")).toBe(
      "Tumetuma barua pepe sasa hivi. Subiri sekunde 40 kabla ya kuomba nyingine.",
    );
  });

  it("answers a refusal it has no sentence for with its kind's sentence, never English", () => {
    expect(translateProblemMessage({ kind: "not-found", message: "Customer not found" }, "sw")).toBe(
      "Hatukupata mteja",
    );
    expect(translateProblemMessage({ kind: "not-found", message: "Transaction not found" }, "sw")).toBe(
      "Hatukupata muamala huo",
    );
    const clash = { kind: "conflict", message: "A sentence nobody translated" } as const;
    expect(translateProblemMessage(clash, "sw")).toBe(translatedMessages("sw").kinds.conflict.message);
    expect(translateProblemMessage(clash, "en")).toBe("A sentence nobody translated");
    expect(translateProblemMessage({ kind: "forbidden", message: "Not yours" }, "sw")).toMatch(
      /^Huna ruhusa/,
    );
    expect(translateProblemTitle({ kind: "validation", title: "Check the highlighted fields" }, "sw")).toBe(
      "Angalia ulichojaza",
    );
  });
});
