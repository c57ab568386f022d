import { addDays, addMonths, endOfMonth, startOfMonth, startOfWeek } from "@kavi/domain";
import type { Language } from "./language";
import { normalise } from "./language";

/** A closed range of local dates on the business's calendar, with how to say it in each language. */
export interface Period {
  from: string;
  to: string;
  /** What the question said, resolved: "this_month", "named_month", "since", … (for tests and metrics). */
  kind: PeriodKind;
  label: Record<Language, string>;
}

export type PeriodKind =
  | "today"
  | "yesterday"
  | "this_week"
  | "last_week"
  | "this_month"
  | "last_month"
  | "this_quarter"
  | "last_quarter"
  | "this_year"
  | "last_year"
  | "named_month"
  | "since"
  | "last_days"
  | "all_time";

const MONTHS_EN = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTHS_EN_SHORT = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTHS_SW = [
  "januari",
  "februari",
  "machi",
  "aprili",
  "mei",
  "juni",
  "julai",
  "agosti",
  "septemba",
  "oktoba",
  "novemba",
  "desemba",
];
/** "mwezi wa kumi" (the tenth month) is how many people name October. */
const ORDINALS_SW = [
  "kwanza",
  "pili",
  "tatu",
  "nne",
  "tano",
  "sita",
  "saba",
  "nane",
  "tisa",
  "kumi",
  "kumi na moja",
  "kumi na mbili",
];

const MONTH_LABEL_EN = MONTHS_EN.map((name) => name[0]?.toUpperCase() + name.slice(1));
const MONTH_LABEL_SW = MONTHS_SW.map((name) => name[0]?.toUpperCase() + name.slice(1));

function monthIndexFrom(word: string): number | null {
  for (const list of [MONTHS_EN, MONTHS_SW]) {
    const index = list.indexOf(word);
    if (index >= 0) return index;
  }
  // "may" is also a verb; the short forms are only read as months when the parser asks for one explicitly.
  const short = MONTHS_EN_SHORT.indexOf(word.replace(/\.$/, ""));
  return short >= 0 && word !== "may" && word !== "mar" ? short : null;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

function quarterStart(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-${pad(Math.floor((month - 1) / 3) * 3 + 1)}-01`;
}

function monthYearLabel(monthIndex: number, year: string, today: string): Record<Language, string> {
  const withYear = year !== today.slice(0, 4);
  return {
    en: `${MONTH_LABEL_EN[monthIndex]}${withYear ? ` ${year}` : ""}`,
    sw: `${MONTH_LABEL_SW[monthIndex]}${withYear ? ` ${year}` : ""}`,
  };
}

/** The most recent month with that index that has started by today (October asked in March means last October). */
function namedMonth(monthIndex: number, explicitYear: string | null, today: string): Period {
  const thisYear = Number(today.slice(0, 4));
  const year = explicitYear ?? String(monthIndex + 1 > Number(today.slice(5, 7)) ? thisYear - 1 : thisYear);
  const from = `${year}-${pad(monthIndex + 1)}-01`;
  return {
    from,
    to: minDate(endOfMonth(from), today),
    kind: "named_month",
    label: monthYearLabel(monthIndex, year, today),
  };
}

interface Rule {
  pattern: RegExp;
  build: (match: RegExpMatchArray, today: string) => Period | null;
}

const MONTH_WORD = `(${[...MONTHS_EN, ...MONTHS_SW, ...MONTHS_EN_SHORT.filter((m) => m !== "may" && m !== "mar")].join("|")})`;
const ORDINAL_WORD = `(${[...ORDINALS_SW].reverse().join("|")})`;

function fixed(
  kind: PeriodKind,
  en: string,
  sw: string,
  range: (today: string) => [string, string],
): Rule["build"] {
  return (_match, today) => {
    const [from, to] = range(today);
    return { from, to, kind, label: { en, sw } };
  };
}

/** Longer, more specific phrases first: "last week" before "week", "since January" before "January". */
const RULES: Rule[] = [
  {
    pattern: new RegExp(`\\b(?:since|tangu|kuanzia) (?:mwezi wa |mwezi )?${MONTH_WORD}(?: (\\d{4}))?\\b`),
    build: (match, today) => {
      const index = monthIndexFrom(match[1] ?? "");
      if (index === null) return null;
      const start = namedMonth(index, match[2] ?? null, today);
      return {
        from: start.from,
        to: today,
        kind: "since",
        label: { en: `since ${start.label.en}`, sw: `tangu ${start.label.sw}` },
      };
    },
  },
  {
    pattern: /\b(?:last|past|the last|the past) (\d{1,3}) days\b|\bsiku (\d{1,3}) (?:zilizopita|za mwisho)\b/,
    build: (match, today) => {
      const days = Number(match[1] ?? match[2]);
      if (!days || days > 400) return null;
      return {
        from: addDays(today, -(days - 1)),
        to: today,
        kind: "last_days",
        label: { en: `the last ${days} days`, sw: `siku ${days} zilizopita` },
      };
    },
  },
  {
    pattern: /\b(?:last week|previous week|past week|wiki (?:iliyopita|jana|uliopita|ilopita|iliopita))\b/,
    build: fixed("last_week", "last week", "wiki iliyopita", (today) => {
      const start = addDays(startOfWeek(today), -7);
      return [start, addDays(start, 6)];
    }),
  },
  {
    pattern: /\b(?:this week|wiki hii|week hii)\b/,
    build: fixed("this_week", "this week", "wiki hii", (today) => [startOfWeek(today), today]),
  },
  {
    pattern: /\b(?:last month|previous month|mwezi (?:uliopita|jana|ulopita|iliyopita|ulipita))\b/,
    build: fixed("last_month", "last month", "mwezi uliopita", (today) => {
      const start = addMonths(startOfMonth(today), -1);
      return [start, endOfMonth(start)];
    }),
  },
  {
    pattern: /\b(?:this month|so far this month|month to date|mwezi huu|month hii|mwezi hii)\b/,
    build: fixed("this_month", "this month", "mwezi huu", (today) => [startOfMonth(today), today]),
  },
  {
    pattern: /\b(?:last quarter|previous quarter|robo (?:iliyopita|ya mwaka iliyopita|uliopita))\b/,
    build: fixed("last_quarter", "last quarter", "robo iliyopita", (today) => {
      const start = addMonths(quarterStart(today), -3);
      return [start, addDays(quarterStart(today), -1)];
    }),
  },
  {
    pattern: /\b(?:this quarter|robo hii|robo ya mwaka huu)\b/,
    build: fixed("this_quarter", "this quarter", "robo hii", (today) => [quarterStart(today), today]),
  },
  {
    pattern: /\b(?:last year|previous year|mwaka (?:uliopita|jana|ulopita))\b/,
    build: fixed("last_year", "last year", "mwaka uliopita", (today) => {
      const year = Number(today.slice(0, 4)) - 1;
      return [`${year}-01-01`, `${year}-12-31`];
    }),
  },
  {
    pattern: /\b(?:this year|year to date|so far this year|mwaka huu|mwaka hii)\b/,
    build: fixed("this_year", "this year", "mwaka huu", (today) => [`${today.slice(0, 4)}-01-01`, today]),
  },
  {
    pattern: /\b(?:day before yesterday|juzi)\b/,
    build: (_match, today) => {
      const day = addDays(today, -2);
      return { from: day, to: day, kind: "yesterday", label: { en: "the day before yesterday", sw: "juzi" } };
    },
  },
  {
    pattern: /\b(?:yesterday|jana)\b(?! ?(?:wiki|mwezi|mwaka))/,
    build: fixed("yesterday", "yesterday", "jana", (today) => [addDays(today, -1), addDays(today, -1)]),
  },
  {
    pattern: /\b(?:today|leo|so far today)\b/,
    build: fixed("today", "today", "leo", (today) => [today, today]),
  },
  {
    pattern: new RegExp(`\\bmwezi wa ${ORDINAL_WORD}\\b(?: (\\d{4}))?`),
    build: (match, today) => {
      const index = ORDINALS_SW.indexOf(match[1] ?? "");
      return index < 0 ? null : namedMonth(index, match[2] ?? null, today);
    },
  },
  {
    pattern: new RegExp(`\\b${MONTH_WORD}(?: (\\d{4}))?\\b`),
    build: (match, today) => {
      const index = monthIndexFrom(match[1] ?? "");
      return index === null ? null : namedMonth(index, match[2] ?? null, today);
    },
  },
  {
    pattern: /\b(?:all time|ever|since we started|since the beginning|tangu mwanzo|tangu tuanze)\b/,
    build: (_match, today) => ({
      from: "2000-01-01",
      to: today,
      kind: "all_time",
      label: { en: "since you started", sw: "tangu mwanzo" },
    }),
  },
];

/** A period named in the question, or null when it names none. `today` is the business's local date. */
export function resolvePeriod(question: string, today: string): (Period & { matched: string }) | null {
  const text = normalise(question);
  for (const rule of RULES) {
    const match = text.match(rule.pattern);
    if (!match) continue;
    const period = rule.build(match, today);
    if (period && period.from <= period.to) return { ...period, matched: match[0] };
  }
  return null;
}

export function thisMonth(today: string): Period {
  return {
    from: startOfMonth(today),
    to: today,
    kind: "this_month",
    label: { en: "this month", sw: "mwezi huu" },
  };
}

export function monthLabel(month: string, language: Language): string {
  const index = Number(month.slice(5, 7)) - 1;
  return `${(language === "sw" ? MONTH_LABEL_SW : MONTH_LABEL_EN)[index]} ${month.slice(0, 4)}`;
}

/** "1 Oct – 31 Oct 2026" style, for cards. */
export function rangeText(from: string, to: string, language: Language): string {
  const labels = language === "sw" ? MONTH_LABEL_SW : MONTH_LABEL_EN;
  const day = (date: string, withYear: boolean) =>
    `${Number(date.slice(8, 10))} ${labels[Number(date.slice(5, 7)) - 1]?.slice(0, 3)}${withYear ? ` ${date.slice(0, 4)}` : ""}`;
  if (from === to) return day(from, true);
  return `${day(from, from.slice(0, 4) !== to.slice(0, 4))} – ${day(to, true)}`;
}

/** "30 November" / "tarehe 30 Novemba": one day in a sentence. */
export function dayLabel(date: string, language: Language): string {
  const month = (language === "sw" ? MONTH_LABEL_SW : MONTH_LABEL_EN)[Number(date.slice(5, 7)) - 1];
  return language === "sw"
    ? `tarehe ${Number(date.slice(8, 10))} ${month}`
    : `${Number(date.slice(8, 10))} ${month}`;
}
