import type pg from "pg";

/**
 * The 6-digit code of the newest verification email to an address, read from the outbox: signing up answers
 * "check your email", and the code is what signs the new account in.
 */
export async function verificationCode(pool: pg.Pool, email: string): Promise<string> {
  const { rows } = await pool.query<{ text_body: string | null }>(
    "select text_body from emails where to_address = $1 and template = 'account.verify_email' order by created_at desc limit 1",
    [email],
  );
  const code = /code in KAVI: (\d{6})/.exec(rows[0]?.text_body ?? "")?.[1];
  if (!code) throw new Error(`no verification code for ${email}`);
  return code;
}

export interface SignedUp {
  accessToken: string;
  user: { id: string };
}

/** Signs up through the real procedures: the form, then the emailed code. */
export async function signUpAndConfirm(
  mutation: <T>(path: string, input: unknown) => Promise<T>,
  pool: pg.Pool,
  input: { fullName: string; email: string; password: string },
): Promise<SignedUp> {
  const { ticket } = await mutation<{ ticket: string }>("auth.signUp", { ...input, invitationToken: null });
  return mutation<SignedUp>("auth.confirmSignUp", {
    ticket,
    code: await verificationCode(pool, input.email),
  });
}
