/** How a customer pays the business by M-Pesa, as printed on invoices and shown on the public page. */
export type MpesaCollectionDetails =
  | { kind: "paybill"; shortcode: string; businessName?: string | null }
  | { kind: "till"; shortcode: string; businessName?: string | null };

export interface PaymentInstructions {
  mpesa: (MpesaCollectionDetails & { accountNumber: string | null; steps: string[] }) | null;
  /** Free text from the invoice settings (bank name, account, branch, …). */
  other: string | null;
}

/** The steps a Kenyan customer follows on their phone; the account number is the invoice number. */
export function paymentInstructionsFor(
  mpesa: MpesaCollectionDetails | null,
  invoiceNumber: string | null,
  otherInstructions: string | null,
): PaymentInstructions {
  if (!mpesa) return { mpesa: null, other: otherInstructions };
  const steps =
    mpesa.kind === "paybill"
      ? [
          "Go to M-Pesa, then Lipa na M-Pesa, then Pay Bill",
          `Business number: ${mpesa.shortcode}`,
          `Account number: ${invoiceNumber ?? "your invoice number"}`,
          "Enter the amount and your M-Pesa PIN",
        ]
      : [
          "Go to M-Pesa, then Lipa na M-Pesa, then Buy Goods and Services",
          `Till number: ${mpesa.shortcode}`,
          "Enter the amount and your M-Pesa PIN",
        ];
  return {
    mpesa: { ...mpesa, accountNumber: mpesa.kind === "paybill" ? invoiceNumber : null, steps },
    other: otherInstructions,
  };
}
