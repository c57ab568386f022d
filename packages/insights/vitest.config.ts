import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "unit:insights", isolate: false, include: ["src/**/*.test.ts"] },
});
