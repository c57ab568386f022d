import type { ProblemKind } from "../lib/errors";
import { isLanguage, type Language } from "./languages";

/**
 * Messages the app shows but does not write: the API's input schemas (@kavi/domain, checked in the browser by
 * useAppForm and again by the server), the server's refusals and our transport errors. They arrive in English;
 * this table, keyed by the English sentence, gives the other languages. `catalogues.test.ts` fails when a
 * schema's message has no Kiswahili.
 */
interface MessageTable {
  exact: Record<string, string>;
  /** Field names the schema helpers put into their messages ("Your name is required"). */
  labels: Record<string, string>;
  /** Messages built from a label and a number, English pattern → translation. */
  patterns: Record<string, string>;
  /** The units of a wait ("2 minutes", from describeWait), as the language names them. */
  units: Record<"second" | "minute" | "hour", string>;
  /**
   * What to say, by the error's kind (its tRPC code), when the server's own sentence has no translation yet:
   * a reader in Kiswahili sees a Kiswahili sentence about what went wrong rather than English.
   */
  kinds: Record<ProblemKind, { title: string; message: string }>;
}

type TranslatedLanguage = Exclude<Language, "en">;

/** Loaded with the language's first catalogue (catalogue-loader.ts), so a reader in English never downloads them. */
const LOADERS: Record<TranslatedLanguage, () => Promise<MessageTable>> = {
  sw: () => import("../locales/sw/messages.json").then((module) => module.default),
};
const TABLES: Partial<Record<TranslatedLanguage, { table: MessageTable; patterns: CompiledPattern[] }>> = {};

/** Fetches `language`'s table once; English needs none. */
export async function loadMessageTable(language: string): Promise<void> {
  if (!isLanguage(language) || language === "en" || TABLES[language]) return;
  const table = await LOADERS[language]();
  TABLES[language] = { table, patterns: compile(table) };
}

interface CompiledPattern {
  match: RegExp;
  names: string[];
  translation: string;
}

function compile(table: MessageTable): CompiledPattern[] {
  return Object.entries(table.patterns).map(([english, translation]) => {
    const names: string[] = [];
    const source = english
      .split(/(\{\{\w+\}\})/)
      .map((part) => {
        const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
        if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(name);
        return name === "count" ? "(\\d+)" : "(.+?)";
      })
      .join("");
    return { match: new RegExp(`^${source}$`), names, translation };
  });
}

/** The message in `language`, or the message as it came when we have no translation for it. */
export function translateMessage(message: string, language: string): string {
  if (!isLanguage(language) || language === "en") return message;
  const loaded = TABLES[language];
  if (!loaded) return message;
  const { table } = loaded;
  const exact = table.exact[message];
  if (exact) return exact;
  for (const pattern of loaded.patterns) {
    const found = pattern.match.exec(message);
    if (!found) continue;
    let text = pattern.translation;
    pattern.names.forEach((name, index) => {
      const value = found[index + 1] ?? "";
      const translated =
        name === "label"
          ? (table.labels[value] ?? value)
          : name === "wait"
            ? translateWait(value, table)
            : value;
      const placeholder = `{{${name}}}`;
      // A label in the middle of a sentence is not capitalised ("Jaza jina lako").
      const shown = text.indexOf(placeholder) > 0 ? lowerFirst(translated) : translated;
      text = text.replace(placeholder, shown);
    });
    return text;
  }
  return message;
}

/**
 * A failed call's message in `language`: the sentence's translation when we have one, else the general sentence
 * for its kind (not found, no access, a clash…), so nobody reading Kiswahili is shown English.
 */
export function translateProblemMessage(
  problem: { kind: ProblemKind; message: string },
  language: string,
): string {
  if (!isLanguage(language) || language === "en") return problem.message;
  const translated = translateMessage(problem.message, language);
  const table = TABLES[language]?.table;
  return translated !== problem.message || !table ? translated : table.kinds[problem.kind].message;
}

/** A problem's short title ("Not found") in `language`. */
export function translateProblemTitle(
  problem: { kind: ProblemKind; title: string },
  language: string,
): string {
  if (!isLanguage(language) || language === "en") return problem.title;
  return TABLES[language]?.table.kinds[problem.kind].title ?? problem.title;
}

/** "2 minutes" → "dakika 2": the unit word comes first in Kiswahili. */
function translateWait(wait: string, table: MessageTable): string {
  const found = /^(\d+) (second|minute|hour)s?$/.exec(wait);
  if (!found) return wait;
  return `${table.units[found[2] as keyof MessageTable["units"]]} ${found[1]}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Every English message with a translation, for the catalogue test (after `loadMessageTable`). */
export function translatedMessages(language: TranslatedLanguage): MessageTable {
  const loaded = TABLES[language];
  if (!loaded) throw new Error(`the ${language} message table is not loaded`);
  return loaded.table;
}
