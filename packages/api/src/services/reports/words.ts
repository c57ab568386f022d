import { KRA_TAX_TYPE_LABELS, type KraTaxType, type Language } from "@kavi/domain";

/**
 * Every word the report exports (CSV and PDF) print, per language: the reader's. A record over `Language`,
 * so a language missing a word does not compile. The VAT CSV keeps iTax's own English column names whatever
 * the language (it follows KRA's return template); its PDF reads in the reader's language.
 */
export interface ReportWords {
  /** The language these words are in: category names and anything else worded per reader follow it. */
  language: Language;
  range: (from: string, to: string) => string;
  asOf: (day: string) => string;
  start: string;
  today: string;
  total: string;
  none: string;
  profitAndLoss: {
    title: string;
    category: string;
    uncategorised: string;
    income: string;
    totalIncome: string;
    expenses: string;
    totalExpenses: string;
    profit: string;
  };
  cashSummary: {
    title: string;
    byMonth: string;
    month: string;
    moneyIn: string;
    moneyOut: string;
    net: string;
    balanceAtEnd: string;
    balanceAtStart: string;
  };
  agedReceivables: {
    title: string;
    byCustomer: string;
    customer: string;
    buckets: { current: string; "1_30": string; "31_60": string; "61_90": string; over_90: string };
    openInvoices: string;
    invoice: string;
    issued: string;
    due: string;
    daysOverdue: string;
    age: string;
    balance: string;
  };
  supplierSpend: {
    title: string;
    bySupplier: string;
    supplier: string;
    kraPin: string;
    payments: string;
    amount: string;
    vatIncluded: string;
    noSupplier: string;
  };
  statement: {
    title: (customer: string) => string;
    activity: (currency: string) => string;
    date: string;
    type: string;
    reference: string;
    description: string;
    debit: string;
    credit: string;
    balance: string;
    broughtForward: string;
    balanceDue: string;
    kinds: { invoice: string; payment: string; credit_note: string };
  };
  vat: {
    title: (month: string) => string;
    pin: (pin: string) => string;
    due: (day: string) => string;
    sections: {
      generalRated: string;
      otherRated: string;
      zeroRated: string;
      exempt: string;
      purchases: string;
      salesTotals: string;
      salesSummary: string;
      purchasesSummary: string;
      calculation: string;
    };
    columns: {
      buyerPin: string;
      buyerName: string;
      etrSerial: string;
      invoiceDate: string;
      invoiceNumber: string;
      description: string;
      taxable: string;
      vat: string;
      relevantNumber: string;
      relevantDate: string;
      salesValue: string;
      purchaseType: string;
      supplierPin: string;
      supplierName: string;
      customsEntry: string;
      buyer: string;
      taxType: string;
      item: string;
      amount: string;
    };
    local: string;
    registered: string;
    unregistered: string;
    outputVat: string;
    inputVat: string;
    payable: string;
    carriedForward: string;
    withoutPin: string;
    taxTypes: Record<KraTaxType, string>;
  };
}

export const REPORT_WORDS: Record<Language, ReportWords> = {
  en: {
    language: "en",
    range: (from, to) => `${from} to ${to}`,
    asOf: (day) => `as of ${day}`,
    start: "start",
    today: "today",
    total: "Total",
    none: "None",
    profitAndLoss: {
      title: "Profit and loss",
      category: "Category",
      uncategorised: "Uncategorised",
      income: "Income",
      totalIncome: "Total income",
      expenses: "Expenses",
      totalExpenses: "Total expenses",
      profit: "Profit",
    },
    cashSummary: {
      title: "Cash summary",
      byMonth: "By month",
      month: "Month",
      moneyIn: "Money in",
      moneyOut: "Money out",
      net: "Net",
      balanceAtEnd: "Balance at the end",
      balanceAtStart: "Balance at the start",
    },
    agedReceivables: {
      title: "Aged receivables",
      byCustomer: "By customer",
      customer: "Customer",
      buckets: {
        current: "Current",
        "1_30": "1-30 days",
        "31_60": "31-60 days",
        "61_90": "61-90 days",
        over_90: "90+ days",
      },
      openInvoices: "Open invoices",
      invoice: "Invoice",
      issued: "Issued",
      due: "Due",
      daysOverdue: "Days overdue",
      age: "Age",
      balance: "Balance",
    },
    supplierSpend: {
      title: "Supplier spend",
      bySupplier: "By supplier",
      supplier: "Supplier",
      kraPin: "KRA PIN",
      payments: "Payments",
      amount: "Amount",
      vatIncluded: "VAT included",
      noSupplier: "No supplier",
    },
    statement: {
      title: (customer) => `Statement: ${customer}`,
      activity: (currency) => `Account activity (${currency})`,
      date: "Date",
      type: "Type",
      reference: "Reference",
      description: "Description",
      debit: "Debit",
      credit: "Credit",
      balance: "Balance",
      broughtForward: "Balance brought forward",
      balanceDue: "Balance due",
      kinds: { invoice: "Invoice", payment: "Payment", credit_note: "Credit note" },
    },
    vat: {
      title: (month) => `VAT report ${month}`,
      pin: (pin) => `PIN ${pin}`,
      due: (day) => `VAT3 due ${day}`,
      sections: {
        generalRated: "B. General Rated Sales (16%)",
        otherRated: "B. Other Rated Sales (8%)",
        zeroRated: "C. Zero Rated Sales",
        exempt: "E. Exempted Sales",
        purchases: "F. Purchases",
        salesTotals: "B2. Sales totals",
        salesSummary: "M. Sales summary",
        purchasesSummary: "N. Purchases summary",
        calculation: "O. Tax calculation",
      },
      columns: {
        buyerPin: "PIN of Purchaser",
        buyerName: "Name of Purchaser",
        etrSerial: "ETR Serial Number",
        invoiceDate: "Invoice Date",
        invoiceNumber: "Invoice Number",
        description: "Description of Goods / Services",
        taxable: "Taxable Value (Ksh)",
        vat: "Amount of VAT (Ksh)",
        relevantNumber: "Relevant Invoice Number",
        relevantDate: "Relevant Invoice Date",
        salesValue: "Sales Value (Ksh)",
        purchaseType: "Type of Purchases",
        supplierPin: "PIN of Supplier",
        supplierName: "Name of Supplier",
        customsEntry: "Custom Entry Number",
        buyer: "Buyer",
        taxType: "Tax type",
        item: "Item",
        amount: "Amount (Ksh)",
      },
      local: "Local",
      registered: "Registered customers",
      unregistered: "Non-registered customers",
      outputVat: "Output VAT",
      inputVat: "Input VAT",
      payable: "VAT payable",
      carriedForward: "Credit carried forward",
      withoutPin: "VAT on purchases without a supplier PIN (not claimed)",
      // iTax's own labels.
      taxTypes: KRA_TAX_TYPE_LABELS,
    },
  },
  sw: {
    language: "sw",
    range: (from, to) => `${from} hadi ${to}`,
    asOf: (day) => `kufikia ${day}`,
    start: "mwanzo",
    today: "leo",
    total: "Jumla",
    none: "Hakuna",
    profitAndLoss: {
      title: "Faida na hasara",
      category: "Kundi",
      uncategorised: "Bila kundi",
      income: "Mapato",
      totalIncome: "Jumla ya mapato",
      expenses: "Matumizi",
      totalExpenses: "Jumla ya matumizi",
      profit: "Faida",
    },
    cashSummary: {
      title: "Muhtasari wa pesa",
      byMonth: "Kwa mwezi",
      month: "Mwezi",
      moneyIn: "Pesa iliyoingia",
      moneyOut: "Pesa iliyotoka",
      net: "Tofauti",
      balanceAtEnd: "Salio mwishoni",
      balanceAtStart: "Salio mwanzoni",
    },
    agedReceivables: {
      title: "Madeni ya wateja kwa umri",
      byCustomer: "Kwa mteja",
      customer: "Mteja",
      buckets: {
        current: "Bado hayajachelewa",
        "1_30": "Siku 1-30",
        "31_60": "Siku 31-60",
        "61_90": "Siku 61-90",
        over_90: "Zaidi ya siku 90",
      },
      openInvoices: "Ankara ambazo hazijalipwa",
      invoice: "Ankara",
      issued: "Ilitolewa",
      due: "Mwisho wa kulipa",
      daysOverdue: "Siku za kuchelewa",
      age: "Umri",
      balance: "Salio",
    },
    supplierSpend: {
      title: "Matumizi kwa wasambazaji",
      bySupplier: "Kwa msambazaji",
      supplier: "Msambazaji",
      kraPin: "KRA PIN",
      payments: "Malipo",
      amount: "Kiasi",
      vatIncluded: "VAT iliyomo",
      noSupplier: "Bila msambazaji",
    },
    statement: {
      title: (customer) => `Taarifa ya akaunti: ${customer}`,
      activity: (currency) => `Shughuli za akaunti (${currency})`,
      date: "Tarehe",
      type: "Aina",
      reference: "Kumbukumbu",
      description: "Maelezo",
      debit: "Deni",
      credit: "Malipo/Salio",
      balance: "Salio",
      broughtForward: "Salio lililoletwa mbele",
      balanceDue: "Salio la kulipa",
      kinds: { invoice: "Ankara", payment: "Malipo", credit_note: "Hati ya kurejesha" },
    },
    vat: {
      title: (month) => `Ripoti ya VAT ${month}`,
      pin: (pin) => `PIN ${pin}`,
      due: (day) => `VAT3 inawasilishwa kufikia ${day}`,
      sections: {
        generalRated: "B. Mauzo ya kiwango cha kawaida (16%)",
        otherRated: "B. Mauzo ya viwango vingine (8%)",
        zeroRated: "C. Mauzo ya kiwango sifuri",
        exempt: "E. Mauzo yaliyosamehewa",
        purchases: "F. Manunuzi",
        salesTotals: "B2. Jumla ya mauzo",
        salesSummary: "M. Muhtasari wa mauzo",
        purchasesSummary: "N. Muhtasari wa manunuzi",
        calculation: "O. Hesabu ya kodi",
      },
      columns: {
        buyerPin: "PIN ya mnunuzi",
        buyerName: "Jina la mnunuzi",
        etrSerial: "Namba ya ETR",
        invoiceDate: "Tarehe ya ankara",
        invoiceNumber: "Namba ya ankara",
        description: "Maelezo ya bidhaa / huduma",
        taxable: "Thamani inayotozwa kodi (Ksh)",
        vat: "Kiasi cha VAT (Ksh)",
        relevantNumber: "Namba ya ankara husika",
        relevantDate: "Tarehe ya ankara husika",
        salesValue: "Thamani ya mauzo (Ksh)",
        purchaseType: "Aina ya manunuzi",
        supplierPin: "PIN ya msambazaji",
        supplierName: "Jina la msambazaji",
        customsEntry: "Namba ya forodha",
        buyer: "Mnunuzi",
        taxType: "Aina ya kodi",
        item: "Kipengele",
        amount: "Kiasi (Ksh)",
      },
      local: "Ndani ya nchi",
      registered: "Wateja waliosajiliwa kwa VAT",
      unregistered: "Wateja wasiosajiliwa kwa VAT",
      outputVat: "VAT ya mauzo",
      inputVat: "VAT ya manunuzi",
      payable: "VAT ya kulipa",
      carriedForward: "Salio la kodi linalobebwa mbele",
      withoutPin: "VAT ya manunuzi bila PIN ya msambazaji (haidaiwi)",
      taxTypes: { A: "A-Imesamehewa", B: "B-16.00%", C: "C-0%", D: "D-Si VAT", E: "E-8%" },
    },
  },
};
