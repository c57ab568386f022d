import { createTRPCRouter } from "../../trpc";
import { authAccountProcedures } from "./account";
import { authPasswordProcedures } from "./password";
import { authSessionsProcedures } from "./sessions";
import { authSignUpProcedures } from "./sign-up";
import { authVerificationProcedures } from "./verification";

/**
 * Accounts: one folder by sub-resource (the router layout rule: a flat file up to about eight procedures, then a
 * folder). The procedures keep their flat names (auth.signIn, auth.changePassword) for the client.
 */
export const authRouter = createTRPCRouter({
  ...authSignUpProcedures,
  ...authVerificationProcedures,
  ...authSessionsProcedures,
  ...authAccountProcedures,
  ...authPasswordProcedures,
});
