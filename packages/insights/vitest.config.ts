import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "unit:insights", include: ["src/**/*.test.ts"] },
});
