import type { Language } from "./schemas/auth";

/**
 * What an M-Pesa result code (Daraja's ResultCode on STK, B2C, reversal and status results) means, as a
 * sentence for the person reading it, in their language: the one mapping the server (notifications, stored
 * reasons) and the screens (invoice page, M-Pesa screens) share. For payouts the same codes are about the
 * business's account, not the customer's.
 */
export type MpesaResultContext = "payment" | "payout";

type Sentences = Readonly<Record<string, string>>;

const PAYMENT: Record<Language, Sentences> = {
  en: {
    "0": "The payment was received.",
    "1": "The customer has insufficient M-Pesa balance.",
    "2": "The amount is below the M-Pesa minimum for this transaction.",
    "3": "The amount is below the M-Pesa minimum for this transaction.",
    "4": "The amount is above the customer's M-Pesa transaction limit.",
    "8": "The customer's M-Pesa account has reached its limit.",
    "17": "The same amount was requested from this customer less than two minutes ago. Wait two minutes and try again.",
    "26": "M-Pesa is busy right now. Try again in a minute.",
    "1001": "The customer's phone is busy with another M-Pesa transaction. Try again in a minute.",
    "1019": "The request expired before the customer answered.",
    "1025": "M-Pesa could not send the prompt to the customer's phone. Try again.",
    "1032": "The customer cancelled the payment.",
    "1037": "The customer's phone could not be reached.",
    "2001": "The customer entered the wrong PIN.",
    "2028": "This M-Pesa account is not allowed to make this transaction.",
    "8006": "The M-Pesa security credential is locked. Ask Safaricom to unlock the API user.",
    "9999": "M-Pesa could not send the prompt to the customer's phone. Try again.",
  },
  sw: {
    "0": "Malipo yamepokelewa.",
    "1": "Mteja hana salio la kutosha la M-Pesa.",
    "2": "Kiasi ni chini ya kiwango cha chini cha M-Pesa kwa muamala huu.",
    "3": "Kiasi ni chini ya kiwango cha chini cha M-Pesa kwa muamala huu.",
    "4": "Kiasi kinazidi kikomo cha muamala cha M-Pesa cha mteja.",
    "8": "Akaunti ya M-Pesa ya mteja imefikia kikomo chake.",
    "17": "Kiasi hicho hicho kiliombwa kwa mteja huyu chini ya dakika mbili zilizopita. Subiri dakika mbili kisha ujaribu tena.",
    "26": "M-Pesa ina shughuli nyingi sasa hivi. Jaribu tena baada ya dakika moja.",
    "1001": "Simu ya mteja inashughulikia muamala mwingine wa M-Pesa. Jaribu tena baada ya dakika moja.",
    "1019": "Ombi liliisha muda kabla mteja hajajibu.",
    "1025": "M-Pesa haikuweza kutuma ombi kwenye simu ya mteja. Jaribu tena.",
    "1032": "Mteja alighairi malipo.",
    "1037": "Simu ya mteja haikupatikana.",
    "2001": "Mteja aliweka PIN isiyo sahihi.",
    "2028": "Akaunti hii ya M-Pesa hairuhusiwi kufanya muamala huu.",
    "8006": "Kitambulisho cha usalama cha M-Pesa kimefungwa. Omba Safaricom wafungue mtumiaji wa API.",
    "9999": "M-Pesa haikuweza kutuma ombi kwenye simu ya mteja. Jaribu tena.",
  },
};

const PAYOUT: Record<Language, Sentences> = {
  en: {
    "0": "The payout was sent.",
    "1": "The business M-Pesa account has insufficient funds for this payout.",
    "2001": "The payout initiator's username or password is wrong.",
    "2028": "This M-Pesa account is not allowed to make payouts of this kind.",
    "8006": "The payout initiator is locked. Ask Safaricom to unlock the API user.",
    SFC_IC0003: "The receiving phone number is not an M-Pesa customer.",
  },
  sw: {
    "0": "Malipo yametumwa.",
    "1": "Akaunti ya M-Pesa ya biashara haina pesa za kutosha kwa malipo haya.",
    "2001": "Jina la mtumiaji au nenosiri la mwanzilishi wa malipo si sahihi.",
    "2028": "Akaunti hii ya M-Pesa hairuhusiwi kutuma malipo ya aina hii.",
    "8006": "Mwanzilishi wa malipo amefungwa. Omba Safaricom wafungue mtumiaji wa API.",
    SFC_IC0003: "Nambari ya simu inayopokea si ya mteja wa M-Pesa.",
  },
};

const UNKNOWN: Record<Language, (context: MpesaResultContext, code: string) => string> = {
  en: (context, code) => `M-Pesa could not complete the ${context} (code ${code}).`,
  sw: (context, code) =>
    `M-Pesa haikuweza kukamilisha ${context === "payout" ? "utumaji wa malipo" : "malipo"} (nambari ${code}).`,
};

const DARAJA_SAID: Record<Language, (text: string) => string> = {
  en: (text) => `M-Pesa said: "${text}"`,
  sw: (text) => `M-Pesa ilisema: "${text}"`,
};

export interface MpesaResult {
  resultCode: number | string | null | undefined;
  /** Daraja's own ResultDesc: added to the general sentence when the code is not one we know. */
  resultDesc?: string | null | undefined;
}

/** The sentence for an M-Pesa result in `language`; an unknown code gets a general one plus Daraja's text. */
export function mpesaResultMessage(
  result: MpesaResult,
  language: Language,
  context: MpesaResultContext = "payment",
): string {
  const code = String(result.resultCode ?? "").trim();
  const known = (context === "payout" ? PAYOUT[language][code] : undefined) ?? PAYMENT[language][code];
  if (known) return known;
  const general = UNKNOWN[language](context, code || (language === "sw" ? "haijulikani" : "unknown"));
  const said = result.resultDesc?.trim();
  return said ? `${general} ${DARAJA_SAID[language](said.slice(0, 200))}` : general;
}

/** Reasons the server writes when M-Pesa has not answered (no result code), in every language. */
const WAITING: readonly Readonly<Record<Language, string>>[] = [
  {
    en: "M-Pesa did not confirm the prompt in time. If the customer pays, it will show here.",
    sw: "M-Pesa haikuthibitisha ombi kwa wakati. Mteja akilipa, itaonekana hapa.",
  },
  {
    en: "M-Pesa did not confirm the prompt in time.",
    sw: "M-Pesa haikuthibitisha ombi kwa wakati.",
  },
  {
    en: "M-Pesa did not confirm the payout in time; checking its status.",
    sw: "M-Pesa haikuthibitisha malipo kwa wakati; tunakagua hali yake.",
  },
  {
    en: "M-Pesa did not confirm the disbursement in time; checking.",
    sw: "M-Pesa haikuthibitisha utoaji wa mkopo kwa wakati; tunakagua.",
  },
  { en: "M-Pesa does not confirm this payment.", sw: "M-Pesa haithibitishi malipo haya." },
  {
    en: "M-Pesa did not answer in time. Try again in a few minutes.",
    sw: "M-Pesa haikujibu kwa wakati. Jaribu tena baada ya dakika chache.",
  },
];

/**
 * Reasons the server writes with values in them (amounts, a loan number, Daraja's own text). The server writes
 * them in English through `mpesaReason`; `mpesaFailureReasonIn` reads them back and says them in the reader's
 * language with the same values.
 */
const WITH_VALUES = {
  amountMismatch: {
    pattern: /^Not applied: the callback said (.{1,60}), but the prompt asked for (.{1,60})\.$/,
    say: {
      en: (said: string, asked: string) =>
        `Not applied: the callback said ${said}, but the prompt asked for ${asked}.`,
      sw: (said: string, asked: string) =>
        `Haikutumika: taarifa ya M-Pesa ilisema ${said}, lakini ombi liliomba ${asked}.`,
    },
  },
  phoneMismatch: {
    pattern: /^Not applied: the callback named phone (.{1,40}), but the prompt went to (.{1,40})\.$/,
    say: {
      en: (named: string, sentTo: string) =>
        `Not applied: the callback named phone ${named}, but the prompt went to ${sentTo}.`,
      sw: (named: string, sentTo: string) =>
        `Haikutumika: taarifa ya M-Pesa ilitaja simu ${named}, lakini ombi lilitumwa kwa ${sentTo}.`,
    },
  },
  noLoanNumbered: {
    pattern: /^No loan numbered "(.{0,40})" can take this payment\.$/,
    say: {
      en: (reference: string) => `No loan numbered "${reference}" can take this payment.`,
      sw: (reference: string) => `Hakuna mkopo wenye nambari "${reference}" unaoweza kupokea malipo haya.`,
    },
  },
  reversalRefused: {
    pattern: /^M-Pesa did not reverse the payment: (.{1,300})$/s,
    say: {
      en: (said: string) => `M-Pesa did not reverse the payment: ${said}`,
      sw: (said: string) => `M-Pesa haikurudisha malipo: ${said}`,
    },
  },
} satisfies Record<string, { pattern: RegExp; say: Record<Language, (...values: never[]) => string> }>;

export type MpesaReasonKind = keyof typeof WITH_VALUES;

/** The English reason the server stores, for a kind that carries values (said again by mpesaFailureReasonIn). */
export function mpesaReason<K extends MpesaReasonKind>(
  kind: K,
  ...values: Parameters<(typeof WITH_VALUES)[K]["say"]["en"]>
): string {
  const say = WITH_VALUES[kind].say.en as (...values: string[]) => string;
  return say(...values);
}

function sayWithValues(stored: string, language: Language): string | null {
  for (const { pattern, say } of Object.values(WITH_VALUES)) {
    const match = pattern.exec(stored);
    if (match) return (say[language] as (...values: string[]) => string)(...match.slice(1).map(String));
  }
  return null;
}

/** Every English sentence this mapping writes, with the same sentence in each language. */
const BY_ENGLISH = new Map<string, Readonly<Record<Language, string>>>([
  ...WAITING.map((texts) => [texts.en, texts] as const),
  ...[PAYMENT, PAYOUT].flatMap((table) =>
    Object.keys(table.en).map(
      (code) =>
        [table.en[code] as string, { en: table.en[code] as string, sw: table.sw[code] as string }] as const,
    ),
  ),
]);
const UNKNOWN_ENGLISH = /^M-Pesa could not complete the (payment|payout) \(code (.{1,40})\)\.$/;

/**
 * A stored failure reason (written in English when the result came in) said in `language`: the code's own
 * sentence (with Daraja's text when the code is unknown), any other sentence this mapping writes, or a reason with
 * values (`mpesaReason`: an amount that did not match, an unknown loan number, a refused reversal) with the same
 * values; anything else is kept as written.
 */
export function mpesaFailureReasonIn(
  row: Partial<MpesaResult> & { failureReason: string | null },
  language: Language,
  context: MpesaResultContext = "payment",
): string | null {
  const stored = row.failureReason;
  const hasCode = row.resultCode !== null && row.resultCode !== undefined && row.resultCode !== "";
  if (
    hasCode &&
    (stored === null || stored === mpesaResultMessage({ resultCode: row.resultCode }, "en", context))
  )
    return mpesaResultMessage({ resultCode: row.resultCode, resultDesc: row.resultDesc }, language, context);
  if (stored === null) return null;
  const known = BY_ENGLISH.get(stored);
  if (known) return known[language];
  const unknown = UNKNOWN_ENGLISH.exec(stored);
  if (unknown?.[1] && unknown[2] && unknown[2] !== "unknown")
    return UNKNOWN[language](unknown[1] as MpesaResultContext, unknown[2]);
  return sayWithValues(stored, language) ?? stored;
}
