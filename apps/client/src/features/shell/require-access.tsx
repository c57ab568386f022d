import { type AccessRule, decideAccess } from "@kavi/domain";
import type { ReactNode } from "react";
import { businessPath } from "../../app/navigation";
import { type Problem, toProblem } from "../../lib/errors";
import { AccessDenied } from "../errors/access-denied";
import { useBusiness } from "./business-context";

/**
 * Shows a page only to members allowed to use it, with the same rule and wording the API uses, so a staff
 * member who follows a link outside their modules reads why instead of seeing a broken screen.
 */
export function RequireAccess({ requirement, children }: { requirement: AccessRule; children: ReactNode }) {
  const { business, membership } = useBusiness();
  const decision = decideAccess(membership, requirement);
  if (!decision.allowed)
    return <AccessDenied message={decision.reason} homePath={businessPath(business.id)} />;
  return <>{children}</>;
}

/** If the server refuses anyway (access changed since the page loaded), say so the same way. */
export function forbiddenProblem(error: unknown): Problem | null {
  const problem = toProblem(error);
  return problem.kind === "forbidden" ? problem : null;
}
