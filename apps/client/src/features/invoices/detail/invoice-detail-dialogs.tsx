import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";
import { RequestPaymentDialog } from "../../mpesa/request-payment-dialog";
import { ApplyCreditDialog } from "../dialogs/apply-credit-dialog";
import { CreditNoteDialog } from "../dialogs/credit-note-dialog";
import { DueDateDialog } from "../dialogs/due-date-dialog";
import { RecordPaymentDialog } from "../dialogs/record-payment-dialog";
import { RecurringDialog } from "../dialogs/recurring-dialog";
import { SendInvoiceDialog } from "../dialogs/send-invoice-dialog";
import { SendSmsDialog } from "../dialogs/send-sms-dialog";
import { VoidInvoiceDialog } from "../dialogs/void-invoice-dialog";
import type { InvoiceDetail } from "../invoice-ui";
import type { InvoiceActions } from "./use-invoice-actions";

/** The invoice's dialogs, at most one open at a time (M-Pesa only when the business has it set up). */
export function InvoiceDialogs({ invoice, actions }: { invoice: InvoiceDetail; actions: InvoiceActions }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { dialog, setDialog, requestingMpesa, setRequestingMpesa, mpesaReady } = actions;
  return (
    <>
      {mpesaReady ? (
        <RequestPaymentDialog
          open={requestingMpesa}
          onOpenChange={(open) => {
            setRequestingMpesa(open);
            // Back on the invoice: show what M-Pesa changed (payments, balance, status).
            if (!open) void queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
          }}
          invoice={{
            id: invoice.id,
            invoiceNumber: invoice.invoiceNumber,
            balanceMinor: invoice.balanceDueMinor,
            customerName: invoice.customer.name,
          }}
          defaultPhone={invoice.customer.phone}
        />
      ) : null}
      <RecordPaymentDialog
        key={`pay-${invoice.balanceDueMinor}`}
        invoice={invoice}
        open={dialog === "pay"}
        onOpenChange={(open) => setDialog(open ? "pay" : null)}
      />
      <SendInvoiceDialog
        invoice={invoice}
        open={dialog === "send"}
        onOpenChange={(open) => setDialog(open ? "send" : null)}
      />
      <SendSmsDialog
        invoice={invoice}
        open={dialog === "sms"}
        onOpenChange={(open) => setDialog(open ? "sms" : null)}
      />
      <VoidInvoiceDialog
        invoice={invoice}
        open={dialog === "void"}
        onOpenChange={(open) => setDialog(open ? "void" : null)}
      />
      <CreditNoteDialog
        invoice={invoice}
        open={dialog === "credit"}
        onOpenChange={(open) => setDialog(open ? "credit" : null)}
      />
      <DueDateDialog
        invoice={invoice}
        open={dialog === "due"}
        onOpenChange={(open) => setDialog(open ? "due" : null)}
      />
      <ApplyCreditDialog
        key={`credit-${invoice.customer.creditBalanceMinor}`}
        invoice={invoice}
        open={dialog === "applyCredit"}
        onOpenChange={(open) => setDialog(open ? "applyCredit" : null)}
      />
      <RecurringDialog
        invoice={invoice}
        open={dialog === "recurring"}
        onOpenChange={(open) => setDialog(open ? "recurring" : null)}
      />
    </>
  );
}
