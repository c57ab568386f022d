import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@kavi/domain";
import { COMMON_PASSWORDS } from "./common-passwords";

export type PasswordProblem = { field: "password"; message: string } | null;

const COMMON_BASES = new Set(
  [...COMMON_PASSWORDS]
    .map((password) => password.replace(/[\d!@#$%^&*.]+$/, ""))
    .filter((base) => base.length >= 5),
);

/** Length is checked by the input schema; this refuses what is long enough but still guessable. */
export function checkPasswordStrength(
  password: string,
  context: { email?: string; fullName?: string } = {},
): PasswordProblem {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    return { field: "password", message: `Use ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` };
  }
  const lower = password.toLowerCase();
  const base = lower.replace(/[\d!@#$%^&*.]+$/, "");
  if (
    COMMON_PASSWORDS.has(lower) ||
    COMMON_BASES.has(base) ||
    /^(.)\1+$/.test(lower) ||
    /^\d+$/.test(lower)
  ) {
    return {
      field: "password",
      message: "This password is too common and easy to guess. Try a short phrase only you would know.",
    };
  }
  const emailName = context.email?.split("@")[0]?.toLowerCase();
  if (emailName && emailName.length >= 4 && lower.includes(emailName)) {
    return { field: "password", message: "Your password should not contain your email address" };
  }
  return null;
}
