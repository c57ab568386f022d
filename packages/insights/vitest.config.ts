import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "insights", include: ["src/**/*.test.ts"] },
});
