/** The two languages KAVI answers in. Mixed questions ("How much tumetumia on fuel?") get the one that dominates. */
export const LANGUAGES = ["en", "sw"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Lower case, accents and punctuation gone, apostrophes dropped, single spaces: what every matcher reads. */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^a-z0-9.,\- ]+/g, " ")
    .replace(/(?<!\d)[.,]|[.,](?!\d)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function words(text: string): string[] {
  return normalise(text).split(" ").filter(Boolean);
}

/** Words that only Kiswahili uses (function words first: they carry the grammar even in mixed sentences). */
const SWAHILI = new Set([
  "ni",
  "na",
  "ya",
  "wa",
  "za",
  "la",
  "kwa",
  "je",
  "gani",
  "nini",
  "nani",
  "kiasi",
  "ngapi",
  "hii",
  "huu",
  "hiki",
  "iliyopita",
  "uliopita",
  "lililopita",
  "leo",
  "jana",
  "juzi",
  "wiki",
  "mwezi",
  "mwaka",
  "robo",
  "tangu",
  "mteja",
  "wateja",
  "deni",
  "madeni",
  "anadaiwa",
  "wanadaiwa",
  "pesa",
  "mapato",
  "matumizi",
  "faida",
  "hasara",
  "bajeti",
  "salio",
  "ankara",
  "zaidi",
  "kubwa",
  "tumetumia",
  "tulitumia",
  "tumepata",
  "tulipata",
  "tumeuza",
  "tuliuza",
  "mauzo",
  "mafuta",
  "usafiri",
  "mishahara",
  "kodi",
  "umeme",
  "nionyeshe",
  "onyesha",
  "tafuta",
  "malipo",
  "zilizochelewa",
  "zimechelewa",
  "zilizopitwa",
  "muda",
  "tutakuwa",
  "tuna",
  "yetu",
  "wangu",
  "yangu",
  "changu",
  "alama",
  "mkopo",
  "rekodi",
  "tuma",
  "ukumbusho",
  "mwisho",
  "wasambazaji",
  "msambazaji",
  "mzigo",
  "bidhaa",
  "taslimu",
  "ngapi",
  "vipi",
  "hali",
  "kutoka",
  "kwenye",
  "katika",
  "tumelipwa",
  "amelipa",
  "walilipa",
  "imebaki",
  "iliyobaki",
]);

const ENGLISH = new Set([
  "how",
  "much",
  "many",
  "what",
  "which",
  "who",
  "did",
  "do",
  "does",
  "we",
  "our",
  "my",
  "the",
  "is",
  "are",
  "was",
  "in",
  "on",
  "for",
  "from",
  "this",
  "last",
  "week",
  "month",
  "year",
  "today",
  "yesterday",
  "spend",
  "spent",
  "make",
  "made",
  "earn",
  "earned",
  "income",
  "expenses",
  "profit",
  "owes",
  "owe",
  "most",
  "show",
  "me",
  "overdue",
  "invoices",
  "budget",
  "cash",
  "balance",
  "will",
  "have",
  "enough",
  "payments",
  "since",
  "sales",
  "customer",
  "customers",
  "and",
  "of",
  "at",
  "end",
  "top",
  "find",
]);

/** The question's language: whichever of the two has more of its own words; English when it is a tie. */
export function detectLanguage(text: string): Language {
  let swahili = 0;
  let english = 0;
  for (const word of words(text)) {
    if (SWAHILI.has(word)) swahili += 1;
    else if (ENGLISH.has(word)) english += 1;
    else if (/^(tu|wa|ni|ali|ame|ata|ana|a)(me|li|na|ta)[a-z]+(a|e|i)$/.test(word) && word.length > 7) {
      // Kiswahili verbs carry their subject and tense as prefixes: tumelipa, wanadaiwa, tutakuwa.
      swahili += 0.5;
    }
  }
  return swahili > english ? "sw" : "en";
}
