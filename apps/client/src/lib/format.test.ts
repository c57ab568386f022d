import { describe, expect, it } from "vitest";
import { addDays, partOfDay, startOfDayInZone } from "./format";

describe("startOfDayInZone", () => {
  it("starts a Nairobi day at 21:00 UTC the evening before", () => {
    expect(startOfDayInZone("2026-03-10", "Africa/Nairobi").toISOString()).toBe("2026-03-09T21:00:00.000Z");
  });
  it("handles daylight saving zones", () => {
    expect(startOfDayInZone("2026-07-01", "Europe/London").toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(startOfDayInZone("2026-01-15", "Europe/London").toISOString()).toBe("2026-01-15T00:00:00.000Z");
  });
});

describe("addDays", () => {
  it("crosses month ends", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });
});

describe("partOfDay", () => {
  it("uses the business's clock, not the browser's", () => {
    const instant = new Date("2026-03-10T06:00:00Z");
    expect(partOfDay("Africa/Nairobi", instant)).toBe("morning");
    expect(partOfDay("Asia/Dubai", new Date("2026-03-10T10:00:00Z"))).toBe("afternoon");
  });
});
