import type { DbOrTx } from "@kavi/db";
import type { AccessRule, Language, MemberGrant } from "@kavi/domain";
import type { ToolInput, ToolName, ToolOutputs } from "@kavi/insights/assistant";
import type { CallerBusiness } from "../../caller";

/** Who is asking, in which business: a tool runs as this caller and sees only what the caller may see. */
export interface ToolContext {
  db: DbOrTx;
  business: CallerBusiness;
  membership: MemberGrant;
  now: Date;
  /** Today on the business's calendar. */
  today: string;
  /** The language of the question: the answer's, so names the tools word (built-in categories) follow it. */
  language: Language;
}

/**
 * One tool: the permission it needs (the same requirement as the screen's procedure that shows the same
 * figures) and how it gets them, from the services only.
 */
export interface ToolDefinition<N extends ToolName = ToolName> {
  name: N;
  requirement: AccessRule;
  run(ctx: ToolContext, input: ToolInput<N>): Promise<ToolOutputs[N]>;
}

/** Typed helper so each file's tools keep their own input and output types. */
export function defineTool<N extends ToolName>(definition: ToolDefinition<N>): ToolDefinition<N> {
  return definition;
}
