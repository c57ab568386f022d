import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "unit:db", isolate: false, include: ["src/**/*.test.ts"], testTimeout: 60_000 },
});
