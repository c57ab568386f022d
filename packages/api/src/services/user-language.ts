import { type DbOrTx, userProfiles } from "@kavi/db";
import { LANGUAGE_LOCALES, type Language, toLanguage } from "@kavi/domain";
import { eq, inArray } from "drizzle-orm";

/** The language a person reads KAVI in (their profile's), for what we send them; English if unknown. */
export async function languageOfUser(db: DbOrTx, userId: string | null | undefined): Promise<Language> {
  if (!userId) return "en";
  const [profile] = await db
    .select({ language: userProfiles.language })
    .from(userProfiles)
    .where(eq(userProfiles.userId, userId))
    .limit(1);
  return toLanguage(profile?.language);
}

/** Each person's language, for what is sent to several people at once; English for anyone unknown. */
export async function languagesOfUsers(
  db: DbOrTx,
  userIds: readonly string[],
): Promise<Map<string, Language>> {
  const languages = new Map<string, Language>(userIds.map((userId) => [userId, "en"]));
  if (userIds.length === 0) return languages;
  const rows = await db
    .select({ userId: userProfiles.userId, language: userProfiles.language })
    .from(userProfiles)
    .where(inArray(userProfiles.userId, [...new Set(userIds)]));
  for (const row of rows) languages.set(row.userId, toLanguage(row.language));
  return languages;
}

/**
 * Text written once per language, read by each person in theirs (notifications, alert emails). A plain string
 * is the same for everyone: names, receipts and other words we do not translate.
 */
export type LocalizedText = string | Readonly<Record<Language, string>>;

export function textIn(text: LocalizedText, language: Language): string {
  return typeof text === "string" ? text : text[language];
}

/** Builds a LocalizedText from one function over the languages, so both are written side by side. */
export function inEveryLanguage(write: (language: Language) => string): Readonly<Record<Language, string>> {
  return { en: write("en"), sw: write("sw") };
}

/** A moment as a reader in Nairobi says it, in their language ("3 December 2026 at 10:45" / "3 Desemba 2026 …"). */
export function formatMomentFor(
  date: Date,
  language: Language,
  options: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" },
): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], {
    timeZone: "Africa/Nairobi",
    ...options,
  }).format(date);
}
