/**
 * The credit score's words in Kiswahili: band names, each factor's name, healthy range, reasons and what would
 * raise it, and the overall message. Shared by the score itself (which words its reasons in both languages from
 * the same values), the assistant's answers and the credit-score screen; no I/O, nothing else imported, so the
 * web app can load it.
 */
export const BAND_SW: Record<string, string> = {
  Poor: "Dhaifu",
  Fair: "Wastani",
  Good: "Nzuri",
  "Very good": "Nzuri sana",
  Excellent: "Bora kabisa",
};

/** A share (0–1) as a Kiswahili percentage, rounded as the English reason rounds it. */
const asilimia = (value: number) => `asilimia ${Math.round(value * 100)}`;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** Whole shillings grouped as the English reason groups them (the same figure in both languages). */
const shillings = (value: number) => `KES ${Math.round(value).toLocaleString("en-KE")}`;

export interface FactorWordsSw {
  label: string;
  suggestion: string;
  /** The range lenders like to see. */
  healthy: string;
  /** The reason for a weak or fair value, and for a healthy one; `value` is the factor's raw measure. */
  weak: (value: number) => string;
  fine: (value: number) => string;
}

/** A factor the books cannot measure yet. */
export const UNKNOWN_REASON_SW = "Hesabu bado hazionyeshi hiki; kinahesabiwa kama cha wastani.";

/** The score's overall message in Kiswahili (the English one is in score.ts, from the same figures). */
export const CREDIT_MESSAGE_SW = {
  scored: (score: number, band: string, months: number) =>
    `${score} (${BAND_SW[band] ?? band}) kutoka kwenye hesabu za miezi ${months}.`,
  insufficientHistory: (activeMonths: number) =>
    `Bado hakuna historia ya kutosha: alama inahitaji hesabu za miezi mitatu (biashara hii ina ${activeMonths}).`,
};

/** The credit factors in Kiswahili: names, healthy ranges, reasons and what would raise them (the service's own). */
export const FACTOR_SW: Record<string, FactorWordsSw> = {
  revenue_level: {
    label: "kiwango cha mapato",
    suggestion:
      "Rekodi mauzo yote, pamoja na ya pesa taslimu na ya M-Pesa Till, ili rekodi zionyeshe mauzo kamili.",
    healthy: "KES 1,000,000 au zaidi kwa mwezi (hupimwa kwa kipimo cha logariti kuanzia KES 20,000)",
    weak: (value) =>
      `Wastani wa pesa inayoingia ni takriban ${shillings(value)} kwa mwezi, kiasi kidogo kwa wakopeshaji.`,
    fine: (value) => `Wastani wa pesa inayoingia ni takriban ${shillings(value)} kwa mwezi.`,
  },
  revenue_stability: {
    label: "utulivu wa mapato",
    suggestion: "Fanya mapato yawe ya kawaida kwa wateja wa kudumu, mikataba au ankara za kila mwezi.",
    healthy: "Mapato ya kila mwezi yanatofautiana kwa asilimia 15 au chini (mgawo wa utofauti)",
    weak: (value) =>
      `Mapato ya kila mwezi yanapanda na kushuka sana (yanatofautiana kwa takriban ${asilimia(value)} kutoka mwezi hadi mwezi).`,
    fine: (value) => `Mapato ya kila mwezi ni thabiti (yanatofautiana kwa takriban ${asilimia(value)}).`,
  },
  growth: {
    label: "ukuaji",
    suggestion: "Kuongeza mauzo katika miezi mitatu ijayo kutapandisha hiki.",
    healthy: "Mapato ya miezi mitatu iliyopita yako asilimia 20 au zaidi juu ya miezi mitatu iliyotangulia",
    weak: (value) =>
      `Mapato ya miezi mitatu iliyopita yako ${asilimia(Math.abs(value))} ${value < 0 ? "chini ya" : "juu ya"} miezi mitatu iliyotangulia.`,
    fine: (value) =>
      `Mapato ya miezi mitatu iliyopita yako ${asilimia(Math.abs(value))} ${value < 0 ? "chini ya" : "juu ya"} miezi mitatu iliyotangulia.`,
  },
  profit_margin: {
    label: "kiwango cha faida",
    suggestion: "Punguza matumizi makubwa zaidi au panda bei; kila asilimia ya faida inasaidia.",
    healthy: "Asilimia 20 au zaidi ya pesa inayoingia inabaki baada ya matumizi (miezi sita iliyopita)",
    weak: (value) =>
      `Ni ${asilimia(value)} tu ya pesa iliyoingia iliyobaki baada ya matumizi katika miezi sita iliyopita.`,
    fine: (value) =>
      `${capital(asilimia(value))} ya pesa iliyoingia ilibaki baada ya matumizi katika miezi sita iliyopita.`,
  },
  cash_buffer: {
    label: "akiba ya pesa",
    suggestion: "Wekeni akiba zaidi: lengo ni matumizi ya miezi miwili.",
    healthy: "Pesa iliyopo inatosha matumizi ya siku 60 au zaidi",
    weak: (value) => `Pesa iliyopo inatosha matumizi ya takriban siku ${Math.round(value)}.`,
    fine: (value) => `Pesa iliyopo inatosha matumizi ya takriban siku ${Math.round(value)}.`,
  },
  days_sales_outstanding: {
    label: "muda wa wateja kulipa ankara",
    suggestion: "Tumeni vikumbusho na muweke malipo ya M-Pesa kwenye ankara ili wateja walipe mapema.",
    healthy: "Wateja hulipa ankara ndani ya siku 30 kwa wastani",
    weak: (value) => `Wateja huchukua takriban siku ${Math.round(value)} kwa wastani kulipa ankara.`,
    fine: (value) => `Wateja huchukua takriban siku ${Math.round(value)} kwa wastani kulipa ankara.`,
  },
  receivables_ageing: {
    label: "madeni ya zamani",
    suggestion:
      "Fuatilieni ankara zilizochelewa zaidi ya siku 60 (au zifuteni kwa credit note kama hazitalipwa).",
    healthy: "Hakuna deni lililopita tarehe ya malipo kwa zaidi ya siku 60",
    weak: (value) =>
      `${capital(asilimia(value))} ya madeni ya wateja imepita tarehe ya malipo kwa zaidi ya siku 60.`,
    fine: (value) =>
      `${capital(asilimia(value))} ya madeni ya wateja imepita tarehe ya malipo kwa zaidi ya siku 60.`,
  },
  customer_concentration: {
    label: "kutegemea mteja mmoja",
    suggestion: "Tafuteni wateja zaidi ili hakuna mmoja analeta zaidi ya sehemu ya tano ya mapato.",
    healthy: "Hakuna mteja anayeleta zaidi ya asilimia 20 ya mapato",
    weak: (value) => `Mteja mmoja analeta ${asilimia(value)} ya mapato: ukimpoteza, biashara itaumia.`,
    fine: (value) => `Mteja mkubwa zaidi analeta ${asilimia(value)} ya mapato.`,
  },
  supplier_punctuality: {
    label: "kulipa wasambazaji kwa wakati",
    suggestion: "Lipeni kodi, mishahara na wasambazaji wa kawaida siku zao za kawaida.",
    healthy:
      "Asilimia 95 au zaidi ya malipo ya kawaida (kodi ya nyumba, mishahara, wasambazaji) hulipwa siku yake ya kawaida",
    weak: (value) => `Ni ${asilimia(value)} tu ya malipo ya kawaida yaliyolipwa kwa ratiba yake ya kawaida.`,
    fine: (value) => `${capital(asilimia(value))} ya malipo ya kawaida yalilipwa kwa ratiba yake ya kawaida.`,
  },
  inflow_regularity: {
    label: "mara ngapi pesa zinaingia kwa M-Pesa",
    suggestion: "Pokeeni malipo kwa M-Pesa (Paybill au Till) ili kila mauzo yaonekane kwenye rekodi.",
    healthy: "Pesa huingia katika asilimia 70 au zaidi ya siku (siku 90 zilizopita)",
    weak: (value) => `Pesa iliingia katika ${asilimia(value)} tu ya siku 90 zilizopita.`,
    fine: (value) => `Pesa iliingia katika ${asilimia(value)} ya siku 90 zilizopita.`,
  },
  reversals: {
    label: "malipo yaliyorudishwa",
    suggestion: "Thibitisheni malipo kabla ya kutoa bidhaa; epukeni hundi zinazoweza kukataliwa.",
    healthy: "Hakuna malipo yaliyorudishwa au kukataliwa",
    weak: (value) =>
      `${capital(asilimia(value))} ya malipo yaliyopokelewa yalirudishwa au kukataliwa katika miezi 12 iliyopita.`,
    fine: (value) =>
      `${capital(asilimia(value))} ya malipo yaliyopokelewa yalirudishwa au kukataliwa katika miezi 12 iliyopita.`,
  },
  data_quality: {
    label: "ubora wa rekodi",
    suggestion: "Wekeni aina kwa miamala isiyo na aina na mweke salio la kuanzia.",
    healthy: "Asilimia 98 au zaidi ya miamala ina aina, na salio la kuanzia limewekwa",
    weak: (value) => `Hesabu zimekamilika kwa ${asilimia(value)} (miamala yenye aina, salio la kuanzia).`,
    fine: (value) => `Hesabu zimekamilika kwa ${asilimia(value)} (miamala yenye aina, salio la kuanzia).`,
  },
};
