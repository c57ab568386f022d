import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "unit:client",
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "happy-dom",
  },
});
