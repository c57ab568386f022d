import type { Language } from "@kavi/domain";

/**
 * The words of KAVI's alerts to a business's owners and admins (budget, low cash) and of M-Pesa payment news,
 * per language: whole sentences, so each language orders its own words. The notification and the email say
 * the same thing; each reader gets their profile's language.
 */
interface AlertText {
  budget: {
    overTitle: (category: string) => string;
    warningTitle: (category: string) => string;
    body: (facts: {
      business: string;
      spent: string;
      planned: string;
      category: string;
      period: string;
    }) => string;
    range: (from: string, to: string) => string;
    over: string;
    warning: string;
    action: string;
    footnote: string;
  };
  lowCash: {
    title: (threshold: string) => string;
    /** When the forecast's own summary is not in this language: the dip in one sentence. */
    dip: (facts: { day: string; balance: string; drivers: string[] }) => string;
    caution: string;
    action: string;
    footnote: string;
  };
  mpesa: {
    received: (amount: string) => string;
    needsMatching: (amount: string) => string;
    forInvoice: (number: string) => string;
    receipt: (receipt: string) => string;
    aCustomer: string;
    cancelled: string;
    failed: string;
    approvePayout: (amount: string) => string;
    payoutTo: (payee: string, remarks: string) => string;
    payoutNotApproved: string;
    payoutFailed: string;
    payoutFailedWith: (reason: string) => string;
    payoutSent: (amount: string) => string;
    payoutSentBody: (receipt: string, receiver: string | null) => string;
    reversalApproved: (amount: string) => string;
    reversalApprovedBody: (receipt: string) => string;
    reversalRejected: (amount: string) => string;
    reversalRejectedBody: (receipt: string, reason: string) => string;
    registerAgain: string;
    registerAgainBody: string;
  };
  /** To members who keep "An invoice is paid" on under email notifications. */
  invoicePaidEmail: {
    subject: (amount: string, invoice: string, business: string) => string;
    heading: (amount: string, invoice: string) => string;
    body: (customer: string, amount: string, invoice: string, receipt: string | null) => string;
    action: string;
    footnote: string;
  };
  receiptEmail: {
    subject: (amount: string, invoice: string, business: string) => string;
    preheader: (business: string, amount: string, invoice: string) => string;
    heading: (amount: string) => string;
    hello: (name: string) => string;
    body: (business: string, amount: string, invoice: string, receipt: string | null) => string;
    thanks: string;
    action: string;
  };
}

function listOf(words: string[], and: string): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${and} ${words[words.length - 1]}`;
}

export const ALERT_TEXT: Record<Language, AlertText> = {
  en: {
    budget: {
      overTitle: (category) => `${category} is over budget`,
      warningTitle: (category) => `${category} has used 80% of its budget`,
      body: (f) =>
        `${f.business} has spent ${f.spent} of the ${f.planned} planned for ${f.category} (${f.period}).`,
      range: (from, to) => `${from} to ${to}`,
      over: "Spending in this category is now above what you planned. Review the transactions or adjust the budget.",
      warning: "You are close to the limit you set. KAVI will tell you again if spending goes over.",
      action: "Open budgets",
      footnote: "You receive budget alerts as an owner or admin of this business.",
    },
    lowCash: {
      title: (threshold) => `Cash may fall below ${threshold}`,
      dip: (f) =>
        `Cash is expected to fall to ${f.balance} on ${f.day}${f.drivers.length ? `, after ${listOf(f.drivers, "and")}` : ""}.`,
      caution:
        "This is a forecast from your books, not a certainty. Open the cash-flow page to see what drives it and try what-ifs.",
      action: "Open cash flow",
      footnote:
        "You receive low-cash alerts as an owner or admin of this business. KAVI tells you once per dip.",
    },
    mpesa: {
      received: (amount) => `${amount} received by M-Pesa`,
      needsMatching: (amount) => `${amount} received by M-Pesa needs matching`,
      forInvoice: (number) => `For ${number}.`,
      receipt: (receipt) => `Receipt ${receipt}.`,
      aCustomer: "A customer",
      cancelled: "M-Pesa payment cancelled",
      failed: "M-Pesa payment failed",
      approvePayout: (amount) => `Approve a payout of ${amount}`,
      payoutTo: (payee, remarks) => `To ${payee}: ${remarks}`,
      payoutNotApproved: "Payout not approved",
      payoutFailed: "Payout failed",
      payoutFailedWith: (reason) => `Payout failed: ${reason}`,
      payoutSent: (amount) => `Payout of ${amount} sent`,
      payoutSentBody: (receipt, receiver) => `M-Pesa receipt ${receipt}${receiver ? ` to ${receiver}` : ""}.`,
      reversalApproved: (amount) => `Reversal of ${amount} approved`,
      reversalApprovedBody: (receipt) => `Receipt ${receipt}: M-Pesa is sending it back to the payer.`,
      reversalRejected: (amount) => `Reversal of ${amount} rejected`,
      reversalRejectedBody: (receipt, reason) => `Receipt ${receipt}: ${reason}`,
      registerAgain: "Register the M-Pesa URLs again",
      registerAgainBody:
        "The callback address changed. Delete the old C2B URLs in the Daraja portal, then register them again in Settings → M-Pesa.",
    },
    invoicePaidEmail: {
      subject: (amount, invoice, business) => `${business}: ${invoice} paid, ${amount} by M-Pesa`,
      heading: (amount, invoice) => `${amount} paid on ${invoice}`,
      body: (customer, amount, invoice, receipt) =>
        `${customer} paid ${amount} by M-Pesa on invoice ${invoice}, and KAVI has matched it to the invoice.${receipt ? ` M-Pesa receipt: ${receipt}.` : ""}`,
      action: "Open the invoice",
      footnote: "You get this because “An invoice is paid” is on under Profile → Notifications → By email.",
    },
    receiptEmail: {
      subject: (amount, invoice, business) => `Receipt: ${amount} for ${invoice} — ${business}`,
      preheader: (business, amount, invoice) => `${business} received ${amount} for ${invoice}.`,
      heading: (amount) => `Payment received: ${amount}`,
      hello: (name) => `Hello ${name},`,
      body: (business, amount, invoice, receipt) =>
        `${business} received your M-Pesa payment of ${amount} for invoice ${invoice}.${receipt ? ` M-Pesa receipt: ${receipt}.` : ""}`,
      thanks: "Thank you for your business.",
      action: "View the invoice",
    },
  },
  sw: {
    budget: {
      overTitle: (category) => `${category} imezidi bajeti`,
      warningTitle: (category) => `${category} imetumia asilimia 80 ya bajeti yake`,
      body: (f) =>
        `${f.business} imetumia ${f.spent} kati ya ${f.planned} zilizopangwa kwa ${f.category} (${f.period}).`,
      range: (from, to) => `${from} hadi ${to}`,
      over: "Matumizi katika kundi hili sasa yamezidi ulichopanga. Angalia miamala au urekebishe bajeti.",
      warning: "Unakaribia kikomo ulichoweka. KAVI itakujulisha tena matumizi yakizidi.",
      action: "Fungua bajeti",
      footnote: "Unapokea tahadhari za bajeti kwa sababu wewe ni mmiliki au msimamizi wa biashara hii.",
    },
    lowCash: {
      title: (threshold) => `Pesa inaweza kushuka chini ya ${threshold}`,
      dip: (f) =>
        `Salio linatarajiwa kushuka hadi ${f.balance} tarehe ${f.day}${f.drivers.length ? `, baada ya ${listOf(f.drivers, "na")}` : ""}.`,
      caution:
        'Huu ni utabiri kutoka kwenye hesabu zako, si uhakika. Fungua ukurasa wa mtiririko wa pesa uone kinachosababisha na ujaribu "je, ikiwa".',
      action: "Fungua mtiririko wa pesa",
      footnote:
        "Unapokea tahadhari za pesa kupungua kwa sababu wewe ni mmiliki au msimamizi wa biashara hii. KAVI inakujulisha mara moja kwa kila kushuka.",
    },
    mpesa: {
      received: (amount) => `${amount} zimepokelewa kwa M-Pesa`,
      needsMatching: (amount) => `${amount} zimepokelewa kwa M-Pesa, zinahitaji kulinganishwa`,
      forInvoice: (number) => `Kwa ${number}.`,
      receipt: (receipt) => `Risiti ${receipt}.`,
      aCustomer: "Mteja",
      cancelled: "Malipo ya M-Pesa yameghairiwa",
      failed: "Malipo ya M-Pesa yameshindwa",
      approvePayout: (amount) => `Idhinisha malipo ya ${amount}`,
      payoutTo: (payee, remarks) => `Kwa ${payee}: ${remarks}`,
      payoutNotApproved: "Malipo hayakuidhinishwa",
      payoutFailed: "Malipo yameshindwa kutumwa",
      payoutFailedWith: (reason) => `Malipo yameshindwa kutumwa: ${reason}`,
      payoutSent: (amount) => `Malipo ya ${amount} yametumwa`,
      payoutSentBody: (receipt, receiver) =>
        `Risiti ya M-Pesa ${receipt}${receiver ? ` kwa ${receiver}` : ""}.`,
      reversalApproved: (amount) => `Urejeshaji wa ${amount} umeidhinishwa`,
      reversalApprovedBody: (receipt) => `Risiti ${receipt}: M-Pesa inamrudishia mlipaji pesa hizo.`,
      reversalRejected: (amount) => `Urejeshaji wa ${amount} umekataliwa`,
      reversalRejectedBody: (receipt, reason) => `Risiti ${receipt}: ${reason}`,
      registerAgain: "Sajili tena anwani za M-Pesa",
      registerAgainBody:
        "Anwani ya kupokea taarifa imebadilika. Futa anwani za zamani za C2B kwenye tovuti ya Daraja, kisha uzisajili tena kwenye Mipangilio → M-Pesa.",
    },
    invoicePaidEmail: {
      subject: (amount, invoice, business) => `${business}: ${invoice} imelipwa, ${amount} kwa M-Pesa`,
      heading: (amount, invoice) => `${amount} zimelipwa kwa ${invoice}`,
      body: (customer, amount, invoice, receipt) =>
        `${customer} amelipa ${amount} kwa M-Pesa kwa ankara ${invoice}, na KAVI imeyaunganisha na ankara hiyo.${receipt ? ` Risiti ya M-Pesa: ${receipt}.` : ""}`,
      action: "Fungua ankara",
      footnote:
        "Unapokea barua pepe hii kwa sababu “Ankara imelipwa” imewashwa kwenye Wasifu → Arifa → Kwa barua pepe.",
    },
    receiptEmail: {
      subject: (amount, invoice, business) => `Risiti: ${amount} kwa ${invoice} — ${business}`,
      preheader: (business, amount, invoice) => `${business} imepokea ${amount} kwa ${invoice}.`,
      heading: (amount) => `Malipo yamepokelewa: ${amount}`,
      hello: (name) => `Habari ${name},`,
      body: (business, amount, invoice, receipt) =>
        `${business} imepokea malipo yako ya M-Pesa ya ${amount} kwa ankara ${invoice}.${receipt ? ` Risiti ya M-Pesa: ${receipt}.` : ""}`,
      thanks: "Asante kwa kufanya biashara nasi.",
      action: "Angalia ankara",
    },
  },
};
