import {
  Ban,
  Copy,
  CreditCard,
  Download,
  FileMinus,
  Files,
  Link2,
  MessageCircle,
  MessageSquareText,
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
import { useTranslation } from "react-i18next";
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
    shareWhatsapp,
    scope,
    canWrite,
    canPay,
    base,
  } = state;
  const { actions } = invoice;
  const { t } = useTranslation("invoices");
  const primary =
    invoice.status === "draft" ? (
      canWrite ? (
        <>
          <ButtonLink to={`${base}/${invoice.id}/edit`} variant="secondary">
            <Pencil aria-hidden /> {t("actions.edit")}
          </ButtonLink>
          <Button onClick={() => setDialog("send")}>
            <Send aria-hidden /> {t("actions.send")}
          </Button>
        </>
      ) : null
    ) : actions.recordPayment && canPay && invoice.balanceDueMinor > 0n ? (
      <>
        {mpesaReady && invoice.currency === "KES" ? (
          <Button variant="secondary" onClick={() => setRequestingMpesa(true)}>
            <Smartphone aria-hidden /> {t("actions.requestMpesa")}
          </Button>
        ) : null}
        <Button onClick={() => setDialog("pay")}>
          <Wallet aria-hidden /> {t("actions.recordPayment")}
        </Button>
      </>
    ) : null;

  return (
    <>
      <Button variant="secondary" onClick={() => void downloadPdf()} loading={downloading}>
        <Download aria-hidden /> {t("actions.pdf")}
      </Button>
      {primary}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="secondary" size="icon" aria-label={t("actions.more")}>
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          {invoice.publicUrl ? (
            <DropdownMenuItem onSelect={() => void copyLink()}>
              <Link2 aria-hidden /> {t("actions.copyLink")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.send && invoice.status !== "draft" ? (
            <DropdownMenuItem onSelect={() => setDialog("send")}>
              <Send aria-hidden /> {t("actions.sendAgain")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.send ? (
            <DropdownMenuItem onSelect={() => setDialog("sms")}>
              <MessageSquareText aria-hidden /> {t("actions.sendSms")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.send ? (
            <DropdownMenuItem onSelect={() => shareWhatsapp.mutate(scope)}>
              <MessageCircle aria-hidden /> {t("actions.shareWhatsapp")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.issue ? (
            <DropdownMenuItem onSelect={() => issue.mutate(scope)}>
              <Receipt aria-hidden /> {t("actions.markSent")}
            </DropdownMenuItem>
          ) : null}
          {canPay && actions.applyCredit && invoice.customer.creditBalanceMinor > 0n ? (
            <DropdownMenuItem onSelect={() => setDialog("applyCredit")}>
              <CreditCard aria-hidden /> {t("actions.useCredit")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.changeDueDate ? (
            <DropdownMenuItem onSelect={() => setDialog("due")}>
              <RefreshCw aria-hidden /> {t("actions.changeDue")}
            </DropdownMenuItem>
          ) : null}
          {canWrite ? (
            <DropdownMenuItem onSelect={() => duplicate.mutate(scope)}>
              <Files aria-hidden /> {t("actions.duplicate")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && !invoice.recurring && invoice.status !== "void" ? (
            <DropdownMenuItem onSelect={() => setDialog("recurring")}>
              <Repeat aria-hidden /> {t("actions.repeat")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && invoice.publicUrl ? (
            <DropdownMenuItem onSelect={() => regenerate.mutate(scope)}>
              <Copy aria-hidden /> {t("actions.newLink")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && (actions.creditNote || actions.void || actions.delete) ? (
            <DropdownMenuSeparator />
          ) : null}
          {canWrite && actions.creditNote ? (
            <DropdownMenuItem onSelect={() => setDialog("credit")}>
              <FileMinus aria-hidden /> {t("actions.creditNote")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.void ? (
            <DropdownMenuItem tone="danger" onSelect={() => setDialog("void")}>
              <Ban aria-hidden /> {t("actions.void")}
            </DropdownMenuItem>
          ) : null}
          {canWrite && actions.delete ? (
            <DropdownMenuItem tone="danger" onSelect={() => remove.mutate(scope)}>
              <Trash2 aria-hidden /> {t("actions.deleteDraft")}
            </DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
