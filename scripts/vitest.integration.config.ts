import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

// Integration tier: starts and stops real PostgreSQL and Redis fallbacks.
export default defineProject({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "integration:scripts",
    isolate: false,
    include: ["**/*.integration.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
