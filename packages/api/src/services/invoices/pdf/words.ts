import {
  type InvoiceStatus,
  type Language,
  PAYMENT_METHOD_WORDS,
  type PaymentMethod,
  paymentTermsLabel,
} from "@kavi/domain";

/**
 * Every word the invoice PDF prints, per language (the customer's). A record over `Language`, so a language
 * missing a word does not compile. Status and method names mirror the domain's English labels.
 */
export interface PdfWords {
  invoice: (number: string) => string;
  draftInvoice: string;
  heading: string;
  draftHeading: string;
  titleFor: (title: string, customer: string) => string;
  kraPin: (pin: string) => string;
  invoiceNo: string;
  notIssued: string;
  issueDate: string;
  dueDate: string;
  terms: string;
  paymentTerms: (days: number) => string;
  status: string;
  statuses: Record<InvoiceStatus, string>;
  currency: string;
  billTo: string;
  accountNo: (number: string) => string;
  void: string;
  paidInFull: string;
  amountDue: string;
  cancelled: string;
  paidOn: (day: string) => string;
  thankYou: string;
  dueOn: (day: string) => string;
  columns: {
    description: string;
    quantity: string;
    price: string;
    discount: string;
    tax: string;
    amount: string;
  };
  amountsIn: (currency: string) => string;
  amountsInWithVat: (currency: string, includesTax: boolean) => string;
  exempt: string;
  subtotalInclVat: string;
  discount: string;
  total: string;
  includesVat: string;
  subtotal: string;
  paid: string;
  creditNotes: string;
  balanceDue: string;
  vatSummary: { title: string; rate: string; taxable: string; vat: string };
  paymentsReceived: string;
  customerCredit: string;
  methods: Record<PaymentMethod, string>;
  howToPay: string;
  paybill: string;
  till: string;
  notes: string;
  termsHeading: string;
  voidReason: (reason: string) => string;
  /** The eTIMS control-unit block, printed once the invoice is signed. */
  etims: { heading: string; cuId: string; cuInvoiceNo: string; signedAt: string };
  stampPaid: string;
  stampVoid: string;
  page: (page: number, count: number) => string;
}

export const PDF_WORDS: Record<Language, PdfWords> = {
  en: {
    invoice: (number) => `Invoice ${number}`,
    draftInvoice: "Draft invoice",
    heading: "INVOICE",
    draftHeading: "DRAFT INVOICE",
    titleFor: (title, customer) => `${title} for ${customer}`,
    kraPin: (pin) => `KRA PIN: ${pin}`,
    invoiceNo: "Invoice no.",
    notIssued: "Not issued yet",
    issueDate: "Issue date",
    dueDate: "Due date",
    terms: "Terms",
    paymentTerms: (days) => paymentTermsLabel(days, "en"),
    status: "Status",
    statuses: {
      draft: "Draft",
      sent: "Sent",
      partially_paid: "Partially paid",
      paid: "Paid",
      overdue: "Overdue",
      void: "Void",
    },
    currency: "Currency",
    billTo: "BILL TO",
    accountNo: (number) => `Account no.: ${number}`,
    void: "Void",
    paidInFull: "Paid in full",
    amountDue: "Amount due",
    cancelled: "This invoice has been cancelled",
    paidOn: (day) => `Paid ${day}. Thank you!`,
    thankYou: "Thank you!",
    dueOn: (day) => `Due ${day}`,
    columns: {
      description: "Description",
      quantity: "Qty",
      price: "Unit price",
      discount: "Discount",
      tax: "VAT",
      amount: "Amount",
    },
    amountsIn: (currency) => `Amounts in ${currency}`,
    amountsInWithVat: (currency, includesTax) =>
      `Amounts in ${currency}, ${includesTax ? "including" : "excluding"} VAT`,
    exempt: "Exempt",
    subtotalInclVat: "Subtotal (incl. VAT)",
    discount: "Discount",
    total: "Total",
    includesVat: "Includes VAT of",
    subtotal: "Subtotal",
    paid: "Paid",
    creditNotes: "Credit notes",
    balanceDue: "Balance due",
    vatSummary: { title: "TAX SUMMARY", rate: "Rate", taxable: "Taxable amount", vat: "VAT" },
    paymentsReceived: "PAYMENTS RECEIVED",
    customerCredit: "Customer credit",
    methods: PAYMENT_METHOD_WORDS.en,
    howToPay: "HOW TO PAY",
    paybill: "M-Pesa Paybill",
    till: "M-Pesa Till (Buy Goods)",
    notes: "NOTES",
    termsHeading: "TERMS",
    voidReason: (reason) => `Void: ${reason}`,
    etims: { heading: "KRA eTIMS", cuId: "CU ID", cuInvoiceNo: "CU invoice no.", signedAt: "Signed" },
    stampPaid: "PAID",
    stampVoid: "VOID",
    page: (page, count) => `Page ${page} of ${count}`,
  },
  sw: {
    invoice: (number) => `Ankara ${number}`,
    draftInvoice: "Rasimu ya ankara",
    heading: "ANKARA",
    draftHeading: "RASIMU YA ANKARA",
    titleFor: (title, customer) => `${title} kwa ${customer}`,
    kraPin: (pin) => `KRA PIN: ${pin}`,
    invoiceNo: "Namba ya ankara",
    notIssued: "Bado haijatolewa",
    issueDate: "Tarehe ya kutolewa",
    dueDate: "Tarehe ya mwisho",
    terms: "Masharti",
    paymentTerms: (days) => paymentTermsLabel(days, "sw"),
    status: "Hali",
    statuses: {
      draft: "Rasimu",
      sent: "Imetumwa",
      partially_paid: "Imelipwa sehemu",
      paid: "Imelipwa",
      overdue: "Imepitwa na muda",
      void: "Imefutwa",
    },
    currency: "Sarafu",
    billTo: "KWA",
    accountNo: (number) => `Namba ya akaunti: ${number}`,
    void: "Imefutwa",
    paidInFull: "Imelipwa yote",
    amountDue: "Kiasi cha kulipa",
    cancelled: "Ankara hii imefutwa",
    paidOn: (day) => `Imelipwa ${day}. Asante!`,
    thankYou: "Asante!",
    dueOn: (day) => `Lipa kufikia ${day}`,
    columns: {
      description: "Maelezo",
      quantity: "Idadi",
      price: "Bei kwa kimoja",
      discount: "Punguzo",
      tax: "VAT",
      amount: "Kiasi",
    },
    amountsIn: (currency) => `Kiasi kwa ${currency}`,
    amountsInWithVat: (currency, includesTax) =>
      `Kiasi kwa ${currency}, ${includesTax ? "pamoja na" : "bila"} VAT`,
    exempt: "Imesamehewa",
    subtotalInclVat: "Jumla ndogo (pamoja na VAT)",
    discount: "Punguzo",
    total: "Jumla",
    includesVat: "Inajumuisha VAT ya",
    subtotal: "Jumla ndogo",
    paid: "Imelipwa",
    creditNotes: "Hati za punguzo",
    balanceDue: "Salio la kulipa",
    vatSummary: { title: "MUHTASARI WA KODI", rate: "Kiwango", taxable: "Kiasi kinachotozwa", vat: "VAT" },
    paymentsReceived: "MALIPO YALIYOPOKELEWA",
    customerCredit: "Salio la mteja",
    methods: PAYMENT_METHOD_WORDS.sw,
    howToPay: "JINSI YA KULIPA",
    paybill: "M-Pesa Paybill",
    till: "M-Pesa Till (Lipa na M-Pesa Buy Goods)",
    notes: "MAELEZO",
    termsHeading: "MASHARTI",
    voidReason: (reason) => `Imefutwa: ${reason}`,
    etims: {
      heading: "KRA eTIMS",
      cuId: "Kitambulisho cha CU",
      cuInvoiceNo: "Namba ya ankara ya CU",
      signedAt: "Imesainiwa",
    },
    stampPaid: "IMELIPWA",
    stampVoid: "IMEFUTWA",
    page: (page, count) => `Ukurasa ${page} kati ya ${count}`,
  },
};
