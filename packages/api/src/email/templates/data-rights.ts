import type { Language } from "@kavi/domain";
import { type RenderedEmail, renderLayout } from "../layout";

/** Emails about a person's data rights (Kenya Data Protection Act): exports and deletions. */

export function dataExportReadyEmail(input: {
  language: Language;
  /** Null for an account export. */
  businessName: string | null;
  url: string;
  /** When the link stops working, as the reader says it. */
  linkExpires: string;
  settingsUrl: string;
}): RenderedEmail {
  const sw = input.language === "sw";
  const what = input.businessName
    ? sw
      ? `data yote ya ${input.businessName}`
      : `all of ${input.businessName}'s data`
    : sw
      ? "data yako"
      : "your data";
  const body = renderLayout({
    language: input.language,
    preheader: sw ? `Nakala ya ${what} iko tayari.` : `Your copy of ${what} is ready.`,
    heading: sw ? "Nakala ya data yako iko tayari" : "Your data export is ready",
    paragraphs: [
      sw
        ? `Nakala ya ${what} uliyoomba iko tayari: faili moja la zip lenye majedwali kama CSV na maelezo kama JSON.`
        : `The copy of ${what} you asked for is ready: one zip file with the tables as CSV and a JSON manifest.`,
      sw
        ? `Kiungo hiki kinafanya kazi hadi ${input.linkExpires}. Baada ya hapo, pakua tena kutoka Mipangilio → Data yako.`
        : `This link works until ${input.linkExpires}. After that, download it again from Settings → Your data.`,
    ],
    action: { label: sw ? "Pakua zip" : "Download the zip", url: input.url },
    footnote: sw
      ? `Kama hukuomba nakala hii, badilisha nenosiri lako mara moja: ${input.settingsUrl}`
      : `If you did not ask for this export, change your password now: ${input.settingsUrl}`,
  });
  return {
    subject: sw ? "Nakala ya data yako kwenye KAVI iko tayari" : "Your KAVI data export is ready",
    ...body,
  };
}

export function businessDeletionScheduledEmail(input: {
  language: Language;
  businessName: string;
  requestedBy: string;
  deleteOn: string;
  restoreUrl: string;
}): RenderedEmail {
  const sw = input.language === "sw";
  const body = renderLayout({
    language: input.language,
    preheader: sw
      ? `${input.businessName} itafutwa tarehe ${input.deleteOn}.`
      : `${input.businessName} will be deleted on ${input.deleteOn}.`,
    heading: sw ? `${input.businessName} itafutwa` : `${input.businessName} will be deleted`,
    paragraphs: [
      sw
        ? `${input.requestedBy} ameomba biashara ${input.businessName} ifutwe kwenye KAVI.`
        : `${input.requestedBy} asked for ${input.businessName} to be deleted from KAVI.`,
      sw
        ? `Tarehe ${input.deleteOn} hesabu zake zote, ankara, wateja, faili na kumbukumbu zitafutwa kabisa, na hazitaweza kurudishwa. Hadi hapo mmiliki anaweza kuirejesha.`
        : `On ${input.deleteOn} all its books, invoices, customers, files and records are deleted for good and cannot be brought back. Until then an owner can restore it.`,
    ],
    action: { label: sw ? "Rejesha biashara" : "Restore the business", url: input.restoreUrl },
    footnote: sw
      ? "Unapokea barua pepe hii kwa sababu wewe ni mwanachama wa biashara hii."
      : "You receive this email because you are a member of this business.",
  });
  return {
    subject: sw
      ? `${input.businessName} itafutwa tarehe ${input.deleteOn}`
      : `${input.businessName} will be deleted on ${input.deleteOn}`,
    ...body,
  };
}

export function businessRestoredEmail(input: {
  language: Language;
  businessName: string;
  restoredBy: string;
  url: string;
}): RenderedEmail {
  const sw = input.language === "sw";
  const body = renderLayout({
    language: input.language,
    preheader: sw ? `${input.businessName} haitafutwa.` : `${input.businessName} will not be deleted.`,
    heading: sw ? `${input.businessName} imerejeshwa` : `${input.businessName} was restored`,
    paragraphs: [
      sw
        ? `${input.restoredBy} amesitisha ufutaji wa ${input.businessName}. Kila kitu kimebaki kama kilivyokuwa.`
        : `${input.restoredBy} cancelled the deletion of ${input.businessName}. Everything stays as it was.`,
    ],
    action: { label: sw ? "Fungua KAVI" : "Open KAVI", url: input.url },
  });
  return {
    subject: sw ? `${input.businessName} imerejeshwa` : `${input.businessName} was restored`,
    ...body,
  };
}

export function businessDeletedEmail(input: { language: Language; businessName: string }): RenderedEmail {
  const sw = input.language === "sw";
  const body = renderLayout({
    language: input.language,
    preheader: sw ? `${input.businessName} imefutwa.` : `${input.businessName} has been deleted.`,
    heading: sw ? `${input.businessName} imefutwa` : `${input.businessName} has been deleted`,
    paragraphs: [
      sw
        ? `Muda wa kurejesha umeisha, na ${input.businessName} pamoja na data na faili zake zote zimefutwa kabisa kwenye KAVI.`
        : `The grace period is over, and ${input.businessName} with all its data and files has been deleted from KAVI for good.`,
    ],
  });
  return {
    subject: sw ? `${input.businessName} imefutwa` : `${input.businessName} has been deleted`,
    ...body,
  };
}

export function accountDeletedEmail(input: { language: Language; fullName: string }): RenderedEmail {
  const sw = input.language === "sw";
  const body = renderLayout({
    language: input.language,
    preheader: sw ? "Akaunti yako ya KAVI imefutwa." : "Your KAVI account has been deleted.",
    heading: sw ? "Akaunti yako imefutwa" : "Your account has been deleted",
    paragraphs: [
      sw
        ? `Habari ${input.fullName}, akaunti yako ya KAVI imefutwa pamoja na wasifu wako na vifaa vyote ulivyoingia navyo.`
        : `Hi ${input.fullName}, your KAVI account has been deleted, with your profile and every signed-in device.`,
      sw
        ? "Rekodi za biashara ulizofanyia kazi zinabaki kwa biashara hizo (sheria ya kodi inazitaka), bila jina lako kama mtumiaji."
        : "Records you made in businesses you worked in stay with those businesses (tax law requires them), no longer linked to your account.",
    ],
    footnote: sw
      ? "Kama hukufuta akaunti hii wewe mwenyewe, wasiliana nasi mara moja kwa kujibu barua pepe hii."
      : "If you did not delete this account yourself, contact us at once by replying to this email.",
  });
  return { subject: sw ? "Akaunti yako ya KAVI imefutwa" : "Your KAVI account has been deleted", ...body };
}

export function accountDeletionScheduledEmail(input: {
  language: Language;
  fullName: string;
  deleteOn: string;
  restoreUrl: string;
}): RenderedEmail {
  const sw = input.language === "sw";
  const body = renderLayout({
    language: input.language,
    preheader: sw
      ? `Akaunti yako ya KAVI itafutwa tarehe ${input.deleteOn}.`
      : `Your KAVI account will be deleted on ${input.deleteOn}.`,
    heading: sw ? "Akaunti yako itafutwa" : "Your account will be deleted",
    paragraphs: [
      sw
        ? `Habari ${input.fullName}, umeomba akaunti yako ya KAVI ifutwe. Umetolewa kwenye vifaa vyako vyote.`
        : `Hi ${input.fullName}, you asked for your KAVI account to be deleted. You have been signed out on every device.`,
      sw
        ? `Tarehe ${input.deleteOn} akaunti yako, wasifu wako na biashara unazoendesha peke yako zitafutwa kabisa, na hazitaweza kurudishwa.`
        : `On ${input.deleteOn} your account, your profile and any business you run alone are deleted for good and cannot be brought back.`,
      sw
        ? "Ukibadili nia kabla ya hapo, ingia kwenye KAVI kisha uchague Usalama → Rejesha akaunti yangu."
        : "If you change your mind before then, sign in to KAVI and choose Security → Restore my account.",
    ],
    action: { label: sw ? "Rejesha akaunti yangu" : "Restore my account", url: input.restoreUrl },
    footnote: sw
      ? "Kama hukuomba hili wewe mwenyewe, ingia, rejesha akaunti na ubadilishe nenosiri lako mara moja."
      : "If you did not ask for this yourself, sign in, restore your account and change your password at once.",
  });
  return {
    subject: sw
      ? `Akaunti yako ya KAVI itafutwa tarehe ${input.deleteOn}`
      : `Your KAVI account will be deleted on ${input.deleteOn}`,
    ...body,
  };
}
