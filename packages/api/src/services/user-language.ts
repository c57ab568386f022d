import { type DbOrTx, userProfiles } from "@kavi/db";
import { LANGUAGE_LOCALES, type Language, toLanguage } from "@kavi/domain";
import { eq } from "drizzle-orm";

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
