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
