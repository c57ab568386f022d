import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  // Explicit, so the same tests run whether this is a project of the root config or used on its own.
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: { name: "scripts", include: ["**/*.test.ts"], testTimeout: 30_000, hookTimeout: 30_000 },
});
