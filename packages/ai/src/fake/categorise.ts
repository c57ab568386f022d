import type { TCategorisationAnswer, TCategorisationPromptInput } from "../categorisation";

/**
 * The fake's bookkeeper: a fixed keyword table, so tests get the same answer every time. A keyword hit picks
 * the first category of the right kind whose name contains the table's word (confidence 0.9); no hit picks the
 * "other …" category of that kind (0.4), or the first of that kind.
 */
const KEYWORDS: [RegExp, string][] = [
  [/\b(fuel|petrol|diesel|mafuta|boda|matatu|fare|nauli|lorry|transport|uber|taxi)\b/i, "transport"],
  [/\b(kplc|stima|tokens?|electricity|water|maji|umeme)\b/i, "utilities"],
  [/\b(airtime|bundles?|bando|data|safaricom|internet)\b/i, "airtime"],
  [/\b(rent|kodi|landlord)\b/i, "rent"],
  [/\b(salary|salaries|mshahara|wages?|casuals?)\b/i, "salar"],
  [/\b(stock|wholesale\w*|naivas|mzigo|crates?|produce|supplies|restock|bidco|unga|sukari)\b/i, "stock"],
  [/\b(kra|itax|turnover tax)\b/i, "tax"],
  [/\b(loan|mkopo|fuliza|m-shwari|instalment)\b/i, "loan"],
  [/\b(ads?|facebook|instagram|flyers?|tangazo|matangazo|marketing|promotion)\b/i, "marketing"],
  [/\b(charges?|fees?)\b/i, "charges"],
  [/\b(repair|fundi|equipment|scale|shelves|dryer|friji)\b/i, "equipment"],
  [/\b(salon|services?|consult\w*|braids|manicure|pedicure)\b/i, "services"],
  [/\b(interest|refund|dividend)\b/i, "other income"],
  [/\b(sales?|mauzo|takings|till)\b/i, "sales"],
];

export function fakeCategorise(
  input: Pick<TCategorisationPromptInput, "categories" | "transactions">,
): TCategorisationAnswer {
  return {
    items: input.transactions.map((transaction) => {
      const ofKind = input.categories.filter((category) => category.kind === transaction.type);
      const text = `${transaction.description} ${transaction.counterparty ?? ""}`;
      for (const [pattern, word] of KEYWORDS) {
        if (!pattern.test(text)) continue;
        const hit = ofKind.find((category) => category.name.toLowerCase().includes(word));
        if (hit) return { ref: transaction.ref, category: hit.ref, confidence: 0.9 };
      }
      const fallback =
        ofKind.find((category) => category.name.toLowerCase().startsWith("other")) ?? ofKind[0];
      return { ref: transaction.ref, category: fallback?.ref ?? "", confidence: 0.4 };
    }),
  };
}
