import { describe, expect, it } from "vitest";
import { describeWait } from "./errors";

describe("describeWait", () => {
  it("says how long to wait in words", () => {
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(0.2)).toBe("1 second");
    expect(describeWait(45)).toBe("45 seconds");
    expect(describeWait(900)).toBe("15 minutes");
    expect(describeWait(3599)).toBe("60 minutes");
    expect(describeWait(3 * 3600)).toBe("3 hours");
  });
});
