import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "mailcatcher", include: ["src/**/*.test.ts"] },
});
