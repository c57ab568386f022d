import type { Language } from "@kavi/domain";
import { type RenderedEmail, renderLayout } from "../layout";

/**
 * The account emails, per language: whole sentences, so each language orders its own words. The reader's
 * language is their profile's (chosen at sign-up from the screen they used, changed in account settings).
 */
interface AccountEmailText {
  hello: (name: string) => string;
  passwordReset: {
    subject: string;
    preheader: string;
    heading: string;
    body: string;
    action: string;
    footnote: string;
  };
  passwordChanged: {
    subject: string;
    preheader: string;
    heading: string;
    body: (when: string) => string;
    warning: string;
    action: string;
  };
  newSignIn: {
    subject: string;
    preheader: string;
    heading: string;
    body: (device: string, when: string, ip: string) => string;
    warning: string;
    action: string;
  };
  verifyEmail: {
    subject: (code: string) => string;
    preheader: (code: string) => string;
    heading: string;
    body: string;
    action: string;
    codeLabel: string;
    footnote: string;
  };
  signUpAttempt: {
    subject: string;
    preheader: string;
    heading: string;
    body: string;
    signIn: (resetUrl: string) => string;
    action: string;
    footnote: string;
  };
}

export const ACCOUNT_EMAIL_TEXT: Record<Language, AccountEmailText> = {
  en: {
    hello: (name) => `Hello ${name},`,
    passwordReset: {
      subject: "Reset your KAVI password",
      preheader: "Reset your KAVI password. The link works for one hour.",
      heading: "Reset your password",
      body: "Someone (hopefully you) asked to reset the password for your KAVI account. The link below works once, for one hour.",
      action: "Choose a new password",
      footnote: "If you did not ask for this, you can ignore this email: your password stays as it is.",
    },
    passwordChanged: {
      subject: "Your KAVI password was changed",
      preheader: "Your KAVI password was changed.",
      heading: "Your password was changed",
      body: (when) =>
        `The password for your KAVI account was changed on ${when}. For your safety we signed you out of your other devices.`,
      warning: "If this was not you, reset your password now and tell your business owner.",
      action: "Reset my password",
    },
    newSignIn: {
      subject: "New sign-in to your KAVI account",
      preheader: "Someone signed in to your KAVI account from a new device.",
      heading: "A new sign-in to your account",
      body: (device, when, ip) =>
        `Your KAVI account was signed in to from ${device} on ${when} (address ${ip}). If this was you, there is nothing to do.`,
      warning:
        "If this was not you, reset your password now: that signs out every device. You can also see and end sessions in Account → Security.",
      action: "Reset my password",
    },
    verifyEmail: {
      subject: (code) => `${code} is your KAVI code`,
      preheader: (code) => `Your KAVI code is ${code}. Confirm this address to start sending invoices.`,
      heading: "Confirm your email address",
      body: "Confirm that this address is yours, so KAVI can send invoices and invitations for you. The link and the code work for 24 hours.",
      action: "Confirm my email",
      codeLabel: "Or type this code in KAVI:",
      footnote:
        "If you did not create a KAVI account, ignore this email and do not share the code: nothing happens without it.",
    },
    signUpAttempt: {
      subject: "You already have a KAVI account",
      preheader: "Someone tried to create a KAVI account with your email address.",
      heading: "You already have a KAVI account",
      body: "Someone (perhaps you) just tried to create a new KAVI account with this email address. This address already has an account, so nothing was created.",
      signIn: (resetUrl) =>
        `If it was you, sign in instead. Forgot your password? Reset it here: ${resetUrl}`,
      action: "Sign in to KAVI",
      footnote: "If it was not you, you can ignore this email: your account has not changed.",
    },
  },
  sw: {
    hello: (name) => `Habari ${name},`,
    passwordReset: {
      subject: "Badilisha nenosiri lako la KAVI",
      preheader: "Badilisha nenosiri lako la KAVI. Kiungo kinafanya kazi kwa saa moja.",
      heading: "Badilisha nenosiri lako",
      body: "Mtu (tunatumaini ni wewe) ameomba kubadilisha nenosiri la akaunti yako ya KAVI. Kiungo kilicho hapa chini kinatumika mara moja tu, ndani ya saa moja.",
      action: "Weka nenosiri jipya",
      footnote: "Kama hukuomba hivi, puuza barua pepe hii: nenosiri lako litabaki lilivyo.",
    },
    passwordChanged: {
      subject: "Nenosiri lako la KAVI limebadilishwa",
      preheader: "Nenosiri lako la KAVI limebadilishwa.",
      heading: "Nenosiri lako limebadilishwa",
      body: (when) =>
        `Nenosiri la akaunti yako ya KAVI lilibadilishwa tarehe ${when}. Kwa usalama wako tumekutoa kwenye vifaa vyako vingine.`,
      warning: "Kama si wewe, badilisha nenosiri lako sasa hivi na umjulishe mwenye biashara.",
      action: "Badilisha nenosiri langu",
    },
    newSignIn: {
      subject: "Kuingia kupya kwenye akaunti yako ya KAVI",
      preheader: "Mtu ameingia kwenye akaunti yako ya KAVI kutoka kifaa kipya.",
      heading: "Kuingia kupya kwenye akaunti yako",
      body: (device, when, ip) =>
        `Akaunti yako ya KAVI imeingiwa kutoka ${device} tarehe ${when} (anwani ${ip}). Kama ni wewe, huhitaji kufanya lolote.`,
      warning:
        "Kama si wewe, badilisha nenosiri lako sasa hivi: hilo litatoa vifaa vyote. Unaweza pia kuona na kufunga vipindi kwenye Akaunti → Usalama.",
      action: "Badilisha nenosiri langu",
    },
    verifyEmail: {
      subject: (code) => `${code} ndiyo namba yako ya KAVI`,
      preheader: (code) => `Namba yako ya KAVI ni ${code}. Thibitisha barua pepe hii uanze kutuma ankara.`,
      heading: "Thibitisha barua pepe yako",
      body: "Thibitisha kwamba barua pepe hii ni yako, ili KAVI ikutumie ankara na mialiko kwa niaba yako. Kiungo na namba vinafanya kazi kwa saa 24.",
      action: "Thibitisha barua pepe yangu",
      codeLabel: "Au andika namba hii kwenye KAVI:",
      footnote:
        "Kama hukufungua akaunti ya KAVI, puuza barua pepe hii na usimpe mtu namba hii: hakuna kitakachofanyika bila hiyo.",
    },
    signUpAttempt: {
      subject: "Tayari una akaunti ya KAVI",
      preheader: "Mtu amejaribu kufungua akaunti ya KAVI kwa barua pepe yako.",
      heading: "Tayari una akaunti ya KAVI",
      body: "Mtu (labda wewe) amejaribu kufungua akaunti mpya ya KAVI kwa barua pepe hii. Barua pepe hii tayari ina akaunti, kwa hiyo hakuna kilichofunguliwa.",
      signIn: (resetUrl) => `Kama ni wewe, ingia tu. Umesahau nenosiri? Libadilishe hapa: ${resetUrl}`,
      action: "Ingia kwenye KAVI",
      footnote: "Kama si wewe, puuza barua pepe hii: akaunti yako haijabadilika.",
    },
  },
};

export function passwordResetEmail(input: {
  fullName: string;
  resetUrl: string;
  language: Language;
}): RenderedEmail {
  const text = ACCOUNT_EMAIL_TEXT[input.language];
  const words = text.passwordReset;
  const body = renderLayout({
    language: input.language,
    preheader: words.preheader,
    heading: words.heading,
    paragraphs: [text.hello(input.fullName), words.body],
    action: { label: words.action, url: input.resetUrl },
    footnote: words.footnote,
  });
  return { subject: words.subject, ...body };
}

export function passwordChangedEmail(input: {
  fullName: string;
  when: string;
  signInUrl: string;
  language: Language;
}): RenderedEmail {
  const text = ACCOUNT_EMAIL_TEXT[input.language];
  const words = text.passwordChanged;
  const body = renderLayout({
    language: input.language,
    preheader: words.preheader,
    heading: words.heading,
    paragraphs: [text.hello(input.fullName), words.body(input.when), words.warning],
    action: { label: words.action, url: input.signInUrl },
  });
  return { subject: words.subject, ...body };
}

export function verifyEmailEmail(input: {
  fullName: string;
  verifyUrl: string;
  code: string;
  language: Language;
}): RenderedEmail {
  const text = ACCOUNT_EMAIL_TEXT[input.language];
  const words = text.verifyEmail;
  const body = renderLayout({
    language: input.language,
    preheader: words.preheader(input.code),
    heading: words.heading,
    paragraphs: [text.hello(input.fullName), words.body],
    action: { label: words.action, url: input.verifyUrl },
    code: { label: words.codeLabel, value: input.code },
    footnote: words.footnote,
  });
  return { subject: words.subject(input.code), ...body };
}

/** Sent instead of a verification email when someone signs up with an address that already has an account. */
export function signUpAttemptEmail(input: {
  fullName: string;
  signInUrl: string;
  resetUrl: string;
  language: Language;
}): RenderedEmail {
  const text = ACCOUNT_EMAIL_TEXT[input.language];
  const words = text.signUpAttempt;
  const body = renderLayout({
    language: input.language,
    preheader: words.preheader,
    heading: words.heading,
    paragraphs: [text.hello(input.fullName), words.body, words.signIn(input.resetUrl)],
    action: { label: words.action, url: input.signInUrl },
    footnote: words.footnote,
  });
  return { subject: words.subject, ...body };
}

/** Sent when an account is signed in to from a device it has never used (the email preference "security alerts"). */
export function newSignInEmail(input: {
  fullName: string;
  device: string;
  when: string;
  ip: string;
  resetUrl: string;
  language: Language;
}): RenderedEmail {
  const text = ACCOUNT_EMAIL_TEXT[input.language];
  const words = text.newSignIn;
  const body = renderLayout({
    language: input.language,
    preheader: words.preheader,
    heading: words.heading,
    paragraphs: [text.hello(input.fullName), words.body(input.device, input.when, input.ip), words.warning],
    action: { label: words.action, url: input.resetUrl },
  });
  return { subject: words.subject, ...body };
}
