import { createTRPCRouter } from "../../trpc";
import { createCreditNoteProcedure } from "./credit-notes";
import {
  createInvoiceProcedure,
  deleteInvoiceProcedure,
  duplicateInvoiceProcedure,
  updateInvoiceProcedure,
} from "./drafts";
import { getInvoiceProcedure, invoiceActivityProcedure, invoicePdfProcedure } from "./get";
import {
  changeDueDateProcedure,
  issueInvoiceProcedure,
  regenerateLinkProcedure,
  sendInvoiceProcedure,
  voidInvoiceProcedure,
} from "./lifecycle";
import { invoiceStatsProcedure, listInvoicesProcedure } from "./list";
import { applyCreditProcedure, recordPaymentProcedure } from "./payments";
import { recurringInvoicesRouter } from "./recurring";
import { invoiceSettingsRouter } from "./settings";
import { sendInvoiceSmsProcedure, shareInvoiceWhatsappProcedure, smsSettingsRouter } from "./sms";

export const invoicesRouter = createTRPCRouter({
  list: listInvoicesProcedure,
  stats: invoiceStatsProcedure,
  get: getInvoiceProcedure,
  activity: invoiceActivityProcedure,
  pdf: invoicePdfProcedure,
  create: createInvoiceProcedure,
  update: updateInvoiceProcedure,
  delete: deleteInvoiceProcedure,
  duplicate: duplicateInvoiceProcedure,
  issue: issueInvoiceProcedure,
  send: sendInvoiceProcedure,
  sendSms: sendInvoiceSmsProcedure,
  shareWhatsapp: shareInvoiceWhatsappProcedure,
  void: voidInvoiceProcedure,
  changeDueDate: changeDueDateProcedure,
  regenerateLink: regenerateLinkProcedure,
  recordPayment: recordPaymentProcedure,
  applyCredit: applyCreditProcedure,
  createCreditNote: createCreditNoteProcedure,
  settings: invoiceSettingsRouter,
  smsSettings: smsSettingsRouter,
  recurring: recurringInvoicesRouter,
});
