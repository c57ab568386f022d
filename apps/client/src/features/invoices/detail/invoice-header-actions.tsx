import {
  Ban,
  Copy,
  CreditCard,
  Download,
  FileMinus,
  Files,
  Link2,
  MoreHorizontal,
  Pencil,
  Receipt,
  RefreshCw,
  Repeat,
  Send,
  Smartphone,
  Trash2,
  Wallet,
} from "lucide-react";
import { Button, ButtonLink } from "../../../ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../../ui/dropdown-menu";
import type { InvoiceDetail } from "../invoice-ui";
import type { InvoiceActions } from "./use-invoice-actions";

/** The page header's buttons: PDF, the next step for this status, and every other action in a menu. */
export function InvoiceHeaderActions({
  invoice,
  actions: state,
}: {
  invoice: InvoiceDetail;
  actions: InvoiceActions;
}) {
  const {
    setDialog,
    setRequestingMpesa,
    mpesaReady,
    downloading,
    downloadPdf,
    copyLink,
    issue,
    duplicate,
    remove,
    regenerate,
    scope,
    canWrite,
    canPay,
    base,
  } = state;
  const { actions } = invoice;
  const primary =
    invoice.status === "draft" ? (
      canWrite ? (
        <>
          <ButtonLink to={`${base}/${invoice.id}/edit`} variant="secondary">
            <Pencil aria-hidden /> Edit
          </ButtonLink>
          <Button onClick={() => setDialog("send")}>
            <Send aria-hidden /> Send
          </Button>
        </>
      ) : null
    ) : actions.recordPayment && canPay && invoice.balanceDueMinor > 0n ? (
      <>
        {mpesaReady && invoice.currency === "KES" ? (
          <Button variant="secondary" onClick={() => setRequestingMpesa(true)}>
            <Smartphone aria-hidden /> Request M-Pesa payment
          </Button>
        ) : null}
        <Button onClick={() => setDialog("pay")}>
          <Wallet aria-hidden /> Record payment
        </Button>
      </>
    ) : null;

  return (
    <>
      <Button variant="secondary" onClick={() => void downloadPdf()} loading={downloading}>
        <Download aria-hidden /> PDF
      </Button>
      {primary}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="secondary" size="icon" aria-label="More actions">
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          {invoice.publicUrl ? (
            <DropdownMenuItem onSelect={() => void copyLink()}>
              <Link2 aria-hidden /> Copy customer link
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.send && invoice.status !== "draft" ? (
            <DropdownMenuItem onSelect={() => setDialog("send")}>
              <Send aria-hidden /> Send again
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.issue ? (
            <DropdownMenuItem onSelect={() => issue.mutate(scope)}>
              <Receipt aria-hidden /> Mark as sent (no email)
            </DropdownMenuItem>
          ) : null}
          {canPay && actions.applyCredit && invoice.customer.creditBalanceMinor > 0n ? (
            <DropdownMenuItem onSelect={() => setDialog("applyCredit")}>
              <CreditCard aria-hidden /> Use customer credit
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.changeDueDate ? (
            <DropdownMenuItem onSelect={() => setDialog("due")}>
              <RefreshCw aria-hidden /> Change due date
            </DropdownMenuItem>
          ) : null}
          {canWrite ? (
            <DropdownMenuItem onSelect={() => duplicate.mutate(scope)}>
              <Files aria-hidden /> Duplicate
            </DropdownMenuItem>
          ) : null}
          {canWrite && !invoice.recurring && invoice.status !== "void" ? (
            <DropdownMenuItem onSelect={() => setDialog("recurring")}>
              <Repeat aria-hidden /> Repeat on a schedule
            </DropdownMenuItem>
          ) : null}
          {canWrite && invoice.publicUrl ? (
            <DropdownMenuItem onSelect={() => regenerate.mutate(scope)}>
              <Copy aria-hidden /> New customer link
            </DropdownMenuItem>
          ) : null}
          {canWrite && (actions.creditNote || actions.void || actions.delete) ? (
            <DropdownMenuSeparator />
          ) : null}
          {canWrite && actions.creditNote ? (
            <DropdownMenuItem onSelect={() => setDialog("credit")}>
              <FileMinus aria-hidden /> Issue credit note
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.void ? (
            <DropdownMenuItem tone="danger" onSelect={() => setDialog("void")}>
              <Ban aria-hidden /> Void invoice
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.delete ? (
            <DropdownMenuItem tone="danger" onSelect={() => remove.mutate(scope)}>
              <Trash2 aria-hidden /> Delete draft
            </DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
