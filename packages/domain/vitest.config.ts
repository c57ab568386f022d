import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "unit:domain", isolate: false, include: ["src/**/*.test.ts"] },
});
