import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Money, splitBeforeDigits } from "./money";

afterEach(cleanup);

describe("splitBeforeDigits", () => {
  it("splits the currency (and sign) from the number, never inside it", () => {
    expect(splitBeforeDigits("KES 18,057,412.50")).toEqual(["KES", "18,057,412.50"]);
    expect(splitBeforeDigits("-KES 1,234,567.50")).toEqual(["-KES", "1,234,567.50"]);
    expect(splitBeforeDigits("+USD 0.05")).toEqual(["+USD", "0.05"]);
  });

  it("leaves alone what it cannot split safely", () => {
    expect(splitBeforeDigits("1 234,50 KES")).toBeNull();
    expect(splitBeforeDigits("KES1,000")).toBeNull();
  });
});

describe("Money", () => {
  it("reads as one amount, its currency and digits each kept whole", () => {
    const { container } = render(<Money amountMinor={1_805_741_250n} currency="KES" />);
    const amount = container.querySelector(".money");
    expect(amount?.textContent).toBe("KES 18,057,412.50");
    expect(amount?.className).toContain("whitespace-nowrap");
    const parts = [...(amount?.querySelectorAll(":scope > span") ?? [])];
    expect(parts.map((part) => [part.textContent, part.className])).toEqual([
      ["KES", "whitespace-nowrap"],
      ["18,057,412.50", "whitespace-nowrap"],
    ]);
  });

  it("keeps a negative amount red and a signed one with its plus", () => {
    const { container } = render(
      <>
        <Money amountMinor={-350_000n} currency="KES" />
        <Money amountMinor={1_096_900n} currency="KES" signed compact />
      </>,
    );
    const [negative, positive] = [...container.querySelectorAll(".money")];
    expect(negative?.textContent).toBe("-KES 3,500.00");
    expect(negative?.className).toContain("text-red-700");
    expect(positive?.textContent).toBe("+KES 10,969");
  });
});
