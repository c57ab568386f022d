import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "unit:client",
    isolate: false,
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "happy-dom",
  },
});
