import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "unit:domain", include: ["src/**/*.test.ts"] },
});
