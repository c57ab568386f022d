import type { Requirement } from "@kavi/domain";
import { businessProcedure } from "../../trpc";

/**
 * Who may do what with invoices. Reading, and recording money against an invoice, are open to staff in
 * either Invoices or Payments (the person at the till or on the M-Pesa line records what came in); changing
 * invoices needs Invoices; the numbering and reminder settings are the owner's and admins'.
 */
export const READ_INVOICES: Requirement = { module: ["invoices", "payments"], access: "read" };
export const WRITE_INVOICES: Requirement = { module: "invoices", access: "write" };
/** Emailing an invoice reaches the customer: a verified address too. */
export const SEND_INVOICES: Requirement = { ...WRITE_INVOICES, verifiedEmail: true };
export const RECORD_PAYMENTS: Requirement = { module: ["invoices", "payments"], access: "write" };
export const MANAGE_INVOICE_SETTINGS: Requirement = { module: null, access: "manage" };

export const readInvoices = () => businessProcedure(READ_INVOICES);
export const writeInvoices = () => businessProcedure(WRITE_INVOICES);
export const sendInvoices = () => businessProcedure(SEND_INVOICES);
export const recordPayments = () => businessProcedure(RECORD_PAYMENTS);
