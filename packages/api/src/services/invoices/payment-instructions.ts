import type { Language } from "@kavi/domain";

/** How a customer pays the business by M-Pesa, as printed on invoices and shown on the public page. */
export type MpesaCollectionDetails =
  | { kind: "paybill"; shortcode: string; businessName?: string | null }
  | { kind: "till"; shortcode: string; businessName?: string | null };

export interface PaymentInstructions {
  mpesa: (MpesaCollectionDetails & { accountNumber: string | null; steps: string[] }) | null;
  /** Free text from the invoice settings (bank name, account, branch, …). */
  other: string | null;
}

/** The steps, in the words of the SIM menu a customer sees, per language. */
const STEPS: Record<
  Language,
  { paybill: (shortcode: string, account: string | null) => string[]; till: (shortcode: string) => string[] }
> = {
  en: {
    paybill: (shortcode, account) => [
      "Go to M-Pesa, then Lipa na M-Pesa, then Pay Bill",
      `Business number: ${shortcode}`,
      `Account number: ${account ?? "your invoice number"}`,
      "Enter the amount and your M-Pesa PIN",
    ],
    till: (shortcode) => [
      "Go to M-Pesa, then Lipa na M-Pesa, then Buy Goods and Services",
      `Till number: ${shortcode}`,
      "Enter the amount and your M-Pesa PIN",
    ],
  },
  sw: {
    paybill: (shortcode, account) => [
      "Nenda M-Pesa, kisha Lipa na M-Pesa, kisha Pay Bill",
      `Namba ya biashara: ${shortcode}`,
      `Namba ya akaunti: ${account ?? "namba ya ankara yako"}`,
      "Weka kiasi na PIN yako ya M-Pesa",
    ],
    till: (shortcode) => [
      "Nenda M-Pesa, kisha Lipa na M-Pesa, kisha Buy Goods and Services",
      `Namba ya Till: ${shortcode}`,
      "Weka kiasi na PIN yako ya M-Pesa",
    ],
  },
};

/** The steps a Kenyan customer follows on their phone, in their language; the account number is the invoice number. */
export function paymentInstructionsFor(
  mpesa: MpesaCollectionDetails | null,
  invoiceNumber: string | null,
  otherInstructions: string | null,
  language: Language = "en",
): PaymentInstructions {
  if (!mpesa) return { mpesa: null, other: otherInstructions };
  const steps =
    mpesa.kind === "paybill"
      ? STEPS[language].paybill(mpesa.shortcode, invoiceNumber)
      : STEPS[language].till(mpesa.shortcode);
  return {
    mpesa: { ...mpesa, accountNumber: mpesa.kind === "paybill" ? invoiceNumber : null, steps },
    other: otherInstructions,
  };
}
