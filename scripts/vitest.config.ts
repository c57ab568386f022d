import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

// Unit tier: no PostgreSQL or Redis. The service fallbacks are tested in vitest.integration.config.ts.
export default defineProject({
  // Explicit, so the same tests run whether this is a project of the root config or used on its own.
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "unit:scripts",
    isolate: false,
    include: ["**/*.test.ts"],
    exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
