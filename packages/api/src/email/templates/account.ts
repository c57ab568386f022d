import { type RenderedEmail, renderLayout } from "../layout";

export function passwordResetEmail(input: { fullName: string; resetUrl: string }): RenderedEmail {
  const body = renderLayout({
    preheader: "Reset your KAVI password. The link works for one hour.",
    heading: "Reset your password",
    paragraphs: [
      `Hello ${input.fullName},`,
      "Someone (hopefully you) asked to reset the password for your KAVI account. The link below works once, for one hour.",
    ],
    action: { label: "Choose a new password", url: input.resetUrl },
    footnote: "If you did not ask for this, you can ignore this email: your password stays as it is.",
  });
  return { subject: "Reset your KAVI password", ...body };
}

export function passwordChangedEmail(input: {
  fullName: string;
  when: string;
  signInUrl: string;
}): RenderedEmail {
  const body = renderLayout({
    preheader: "Your KAVI password was changed.",
    heading: "Your password was changed",
    paragraphs: [
      `Hello ${input.fullName},`,
      `The password for your KAVI account was changed on ${input.when}. For your safety we signed you out of your other devices.`,
      "If this was not you, reset your password now and tell your business owner.",
    ],
    action: { label: "Reset my password", url: input.signInUrl },
  });
  return { subject: "Your KAVI password was changed", ...body };
}

export function verifyEmailEmail(input: {
  fullName: string;
  verifyUrl: string;
  code: string;
}): RenderedEmail {
  const body = renderLayout({
    preheader: `Your KAVI code is ${input.code}. Confirm this address to start sending invoices.`,
    heading: "Confirm your email address",
    paragraphs: [
      `Hello ${input.fullName},`,
      "Confirm that this address is yours, so KAVI can send invoices and invitations for you. The link and the code work for 24 hours.",
    ],
    action: { label: "Confirm my email", url: input.verifyUrl },
    code: { label: "Or type this code in KAVI:", value: input.code },
    footnote:
      "If you did not create a KAVI account, ignore this email and do not share the code: nothing happens without it.",
  });
  return { subject: `${input.code} is your KAVI code`, ...body };
}

/** Sent instead of a verification email when someone signs up with an address that already has an account. */
export function signUpAttemptEmail(input: {
  fullName: string;
  signInUrl: string;
  resetUrl: string;
}): RenderedEmail {
  const body = renderLayout({
    preheader: "Someone tried to create a KAVI account with your email address.",
    heading: "You already have a KAVI account",
    paragraphs: [
      `Hello ${input.fullName},`,
      "Someone (perhaps you) just tried to create a new KAVI account with this email address. This address already has an account, so nothing was created.",
      `If it was you, sign in instead. Forgot your password? Reset it here: ${input.resetUrl}`,
    ],
    action: { label: "Sign in to KAVI", url: input.signInUrl },
    footnote: "If it was not you, you can ignore this email: your account has not changed.",
  });
  return { subject: "You already have a KAVI account", ...body };
}
