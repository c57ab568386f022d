/**
 * The credit score's words in Kiswahili: band names, and each factor's name and what would raise it. Shared by
 * the assistant's answers and the credit-score screen; no I/O, nothing else imported, so the web app can load it.
 */
export const BAND_SW: Record<string, string> = {
  Poor: "Dhaifu",
  Fair: "Wastani",
  Good: "Nzuri",
  "Very good": "Nzuri sana",
  Excellent: "Bora kabisa",
};

/** The credit factors in Kiswahili: their names and what would raise them (the service's own, translated). */
export const FACTOR_SW: Record<string, { label: string; suggestion: string }> = {
  revenue_level: {
    label: "kiwango cha mapato",
    suggestion:
      "Rekodi mauzo yote, pamoja na ya pesa taslimu na ya M-Pesa Till, ili rekodi zionyeshe mauzo kamili.",
  },
  revenue_stability: {
    label: "utulivu wa mapato",
    suggestion: "Fanya mapato yawe ya kawaida kwa wateja wa kudumu, mikataba au ankara za kila mwezi.",
  },
  growth: { label: "ukuaji", suggestion: "Kuongeza mauzo katika miezi mitatu ijayo kutapandisha hiki." },
  profit_margin: {
    label: "kiwango cha faida",
    suggestion: "Punguza matumizi makubwa zaidi au panda bei; kila asilimia ya faida inasaidia.",
  },
  cash_buffer: {
    label: "akiba ya pesa",
    suggestion: "Wekeni akiba zaidi: lengo ni matumizi ya miezi miwili.",
  },
  days_sales_outstanding: {
    label: "muda wa wateja kulipa ankara",
    suggestion: "Tumeni vikumbusho na muweke malipo ya M-Pesa kwenye ankara ili wateja walipe mapema.",
  },
  receivables_ageing: {
    label: "madeni ya zamani",
    suggestion:
      "Fuatilieni ankara zilizochelewa zaidi ya siku 60 (au zifuteni kwa credit note kama hazitalipwa).",
  },
  customer_concentration: {
    label: "kutegemea mteja mmoja",
    suggestion: "Tafuteni wateja zaidi ili hakuna mmoja analeta zaidi ya sehemu ya tano ya mapato.",
  },
  supplier_punctuality: {
    label: "kulipa wasambazaji kwa wakati",
    suggestion: "Lipeni kodi, mishahara na wasambazaji wa kawaida siku zao za kawaida.",
  },
  inflow_regularity: {
    label: "mara ngapi pesa zinaingia kwa M-Pesa",
    suggestion: "Pokeeni malipo kwa M-Pesa (Paybill au Till) ili kila mauzo yaonekane kwenye rekodi.",
  },
  reversals: {
    label: "malipo yaliyorudishwa",
    suggestion: "Thibitisheni malipo kabla ya kutoa bidhaa; epukeni hundi zinazoweza kukataliwa.",
  },
  data_quality: {
    label: "ubora wa rekodi",
    suggestion: "Wekeni aina kwa miamala isiyo na aina na mweke salio la kuanzia.",
  },
};
