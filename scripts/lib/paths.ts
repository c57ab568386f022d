import { fileURLToPath } from "node:url";

/** The repository root (scripts/lib/../..), whatever directory a script was started from. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** Local state for the embedded services; git-ignored. */
export const dataDir = `${repoRoot}/.data`;
