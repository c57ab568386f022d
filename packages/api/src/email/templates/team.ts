import type { Language, Role } from "@kavi/domain";
import { type RenderedEmail, renderLayout } from "../layout";

interface InvitationFacts {
  inviter: string;
  business: string;
  role: Role;
  expiresOn: string;
}

/** Roles as a sentence names them ("as an admin" / "kama msimamizi"). */
const ROLE_IN_SENTENCE: Record<Language, Record<Role, string>> = {
  en: { owner: "an owner", admin: "an admin", staff: "a staff member", viewer: "a viewer" },
  sw: { owner: "mmiliki", admin: "msimamizi", staff: "mfanyakazi", viewer: "mtazamaji" },
};

export const INVITATION_EMAIL_TEXT: Record<
  Language,
  {
    subject: (f: InvitationFacts) => string;
    preheader: (f: InvitationFacts) => string;
    heading: (f: InvitationFacts) => string;
    body: (f: InvitationFacts) => string;
    about: string;
    action: string;
    footnote: (f: InvitationFacts) => string;
  }
> = {
  en: {
    subject: (f) => `${f.inviter} invited you to ${f.business} on KAVI`,
    preheader: (f) => `${f.inviter} invited you to ${f.business} on KAVI.`,
    heading: (f) => `Join ${f.business} on KAVI`,
    body: (f) =>
      `${f.inviter} invited you to work on ${f.business}'s books in KAVI as ${ROLE_IN_SENTENCE.en[f.role]}.`,
    about: "KAVI keeps income, expenses, invoices and M-Pesa payments in one place for the whole team.",
    action: "Accept the invitation",
    footnote: (f) =>
      `This invitation expires on ${f.expiresOn}. If you were not expecting it, ignore this email.`,
  },
  sw: {
    subject: (f) => `${f.inviter} amekualika ujiunge na ${f.business} kwenye KAVI`,
    preheader: (f) => `${f.inviter} amekualika ujiunge na ${f.business} kwenye KAVI.`,
    heading: (f) => `Jiunge na ${f.business} kwenye KAVI`,
    body: (f) =>
      `${f.inviter} amekualika usaidie kuweka hesabu za ${f.business} kwenye KAVI kama ${ROLE_IN_SENTENCE.sw[f.role]}.`,
    about: "KAVI inaweka mapato, matumizi, ankara na malipo ya M-Pesa mahali pamoja kwa timu nzima.",
    action: "Kubali mwaliko",
    footnote: (f) => `Mwaliko huu unaisha tarehe ${f.expiresOn}. Kama hukuutarajia, puuza barua pepe hii.`,
  },
};

export function invitationEmail(input: {
  inviterName: string;
  businessName: string;
  role: Role;
  acceptUrl: string;
  expiresOn: string;
  language: Language;
}): RenderedEmail {
  const words = INVITATION_EMAIL_TEXT[input.language];
  const facts: InvitationFacts = {
    inviter: input.inviterName,
    business: input.businessName,
    role: input.role,
    expiresOn: input.expiresOn,
  };
  const body = renderLayout({
    language: input.language,
    preheader: words.preheader(facts),
    heading: words.heading(facts),
    paragraphs: [words.body(facts), words.about],
    action: { label: words.action, url: input.acceptUrl },
    footnote: words.footnote(facts),
  });
  return { subject: words.subject(facts), ...body };
}
