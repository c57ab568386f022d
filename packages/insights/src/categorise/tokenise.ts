import { counterpartyNameFromDescription } from "@kavi/domain";

/**
 * Words from a transaction's description and counterparty, as features for the categoriser. Kenyan ledgers mix
 * English, Kiswahili and Sheng, and M-Pesa statements wrap every line in the same boilerplate ("Customer
 * Transfer to …", "Pay Bill Online to …"), so the tokeniser:
 *
 * - folds case and accents, splits on anything that is not a letter or digit;
 * - drops numbers, receipt codes (QF12AB34CD) and phone numbers: they never repeat, so they only add noise;
 * - drops English and Kiswahili stop words and the M-Pesa boilerplate words;
 * - maps Kiswahili and Sheng words to one English stem ("mafuta", "petroli" → fuel; "stima" → power; "bando" →
 *   data), so a business that writes both learns once;
 * - trims simple English plurals ("tomatoes" → "tomato").
 */

const STOP_WORDS = new Set([
  // English
  "a",
  "an",
  "and",
  "the",
  "for",
  "of",
  "to",
  "from",
  "in",
  "on",
  "at",
  "by",
  "with",
  "via",
  "no",
  "ref",
  "acc",
  "account",
  "ltd",
  "limited",
  "co",
  "plc",
  "payment",
  "paid",
  "pay",
  "kes",
  "ksh",
  "kshs",
  "sh",
  "shs",
  "tx",
  "txn",
  // Kiswahili
  "na",
  "ya",
  "wa",
  "kwa",
  "la",
  "za",
  "cha",
  "vya",
  "ni",
  "kutoka",
  "hadi",
  "kwenda",
  "malipo",
  "lipa",
  "lipia",
  "pesa",
  // M-Pesa statement boilerplate
  "customer",
  "transfer",
  "online",
  "merchant",
  "bill",
  "till",
  "buy",
  "goods",
  "funds",
  "received",
  "sent",
  "completed",
  "mpesa",
  "m",
  "pesa",
  "lipa",
  "business",
]);

/** Kiswahili and Sheng words (and a few English variants) mapped to the stem the model learns. */
const SYNONYMS: Record<string, string> = {
  // fuel and transport
  mafuta: "fuel",
  petroli: "fuel",
  petrol: "fuel",
  diesel: "fuel",
  dizeli: "fuel",
  nauli: "fare",
  fare: "fare",
  matatu: "fare",
  boda: "boda",
  bodaboda: "boda",
  pikipiki: "boda",
  usafiri: "transport",
  lori: "lorry",
  truck: "lorry",
  // power, water, data
  stima: "power",
  umeme: "power",
  kplc: "power",
  token: "power",
  tokens: "power",
  electricity: "power",
  maji: "water",
  bando: "data",
  bundles: "data",
  bundle: "data",
  data: "data",
  credo: "airtime",
  kredo: "airtime",
  airtime: "airtime",
  // people
  mshahara: "salary",
  mishahara: "salary",
  salaries: "salary",
  wages: "salary",
  wage: "salary",
  kibarua: "casual",
  vibarua: "casual",
  casuals: "casual",
  // premises
  kodi: "kodi",
  rent: "rent",
  nyumba: "house",
  duka: "shop",
  kibanda: "stall",
  // stock
  mzigo: "stock",
  bidhaa: "stock",
  stoo: "stock",
  mboga: "vegetable",
  sukuma: "sukuma",
  unga: "flour",
  mchele: "rice",
  sukari: "sugar",
  // money and debt
  mkopo: "loan",
  madeni: "debt",
  deni: "debt",
  riba: "interest",
  ushuru: "levy",
  faini: "fine",
  // sales
  mauzo: "sale",
  sales: "sale",
  kuuza: "sale",
  wateja: "customer",
  mteja: "customer",
  // charges
  ada: "fee",
  charges: "fee",
  charge: "fee",
  fees: "fee",
  gharama: "cost",
  // equipment and repairs
  fundi: "repair",
  repairs: "repair",
  ukarabati: "repair",
  vifaa: "equipment",
  // marketing
  tangazo: "advert",
  matangazo: "advert",
  ads: "advert",
  advert: "advert",
  adverts: "advert",
};

/** Receipt codes (SFK3H2M9QX), account-style codes, long digit runs: unique per row. */
function isNoise(token: string): boolean {
  if (token.length <= 1) return true;
  if (/^\d+$/.test(token)) return true;
  // Mixed letters and digits of receipt length: an M-Pesa receipt, a bank reference.
  if (token.length >= 6 && /\d/.test(token) && /[a-z]/.test(token)) return true;
  return false;
}

function stem(token: string): string {
  const mapped = SYNONYMS[token];
  if (mapped) return mapped;
  if (token.length > 4 && token.endsWith("oes")) return token.slice(0, -2);
  if (token.length > 4 && token.endsWith("ies")) return `${token.slice(0, -3)}y`;
  if (token.length > 4 && token.endsWith("s") && !token.endsWith("ss")) return token.slice(0, -1);
  return token;
}

export function tokenise(text: string | null | undefined): string[] {
  if (!text) return [];
  const folded = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  const tokens: string[] = [];
  for (const raw of folded.split(/[^a-z0-9]+/)) {
    if (!raw || isNoise(raw) || STOP_WORDS.has(raw)) continue;
    tokens.push(stem(raw));
  }
  return tokens;
}

/** The counterparty an M-Pesa statement or bank line names, as the model's tokens ("naiva supermarket"). */
export function counterpartyFromDescription(text: string | null | undefined): string | null {
  const tokens = tokenise(counterpartyNameFromDescription(text));
  return tokens.length > 0 ? tokens.slice(0, 4).join(" ") : null;
}
