import type { AppRouter, inferRouterOutputs } from "@kavi/api";

export type Member = inferRouterOutputs<AppRouter>["team"]["members"][number];
export type Invitation = inferRouterOutputs<AppRouter>["team"]["invitations"][number];

/** Badge tones per role, the same on members and invitations. */
export const roleTone = { owner: "brand", admin: "info", staff: "neutral", viewer: "neutral" } as const;
