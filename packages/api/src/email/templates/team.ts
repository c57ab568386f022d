import { ROLE_LABELS, type Role } from "@kavi/domain";
import { type RenderedEmail, renderLayout } from "../layout";

export function invitationEmail(input: {
  inviterName: string;
  businessName: string;
  role: Role;
  acceptUrl: string;
  expiresOn: string;
}): RenderedEmail {
  const body = renderLayout({
    preheader: `${input.inviterName} invited you to ${input.businessName} on KAVI.`,
    heading: `Join ${input.businessName} on KAVI`,
    paragraphs: [
      `${input.inviterName} invited you to work on ${input.businessName}'s books in KAVI as ${ROLE_LABELS[input.role].toLowerCase()}.`,
      "KAVI keeps income, expenses, invoices and M-Pesa payments in one place for the whole team.",
    ],
    action: { label: "Accept the invitation", url: input.acceptUrl },
    footnote: `This invitation expires on ${input.expiresOn}. If you were not expecting it, ignore this email.`,
  });
  return { subject: `${input.inviterName} invited you to ${input.businessName} on KAVI`, ...body };
}
