import { describe, expect, it } from "vitest";
import { mpesaFailureReasonIn, mpesaReason, mpesaResultMessage } from "./mpesa-results";

describe("mpesaResultMessage", () => {
  it.each([
    [1032, "The customer cancelled the payment.", "Mteja alighairi malipo."],
    [1037, "The customer's phone could not be reached.", "Simu ya mteja haikupatikana."],
    [2001, "The customer entered the wrong PIN.", "Mteja aliweka PIN isiyo sahihi."],
    ["1", "The customer has insufficient M-Pesa balance.", "Mteja hana salio la kutosha la M-Pesa."],
  ] as const)("says %s in English and Kiswahili", (resultCode, en, sw) => {
    expect(mpesaResultMessage({ resultCode }, "en")).toBe(en);
    expect(mpesaResultMessage({ resultCode }, "sw")).toBe(sw);
  });

  it("has a Kiswahili sentence for every code it explains in English, payments and payouts", () => {
    for (const context of ["payment", "payout"] as const) {
      for (const code of [
        "0",
        "1",
        "2",
        "3",
        "4",
        "8",
        "17",
        "26",
        "1001",
        "1019",
        "1025",
        "1032",
        "1037",
        "2001",
        "2028",
        "8006",
        "9999",
        "SFC_IC0003",
      ]) {
        const en = mpesaResultMessage({ resultCode: code }, "en", context);
        const sw = mpesaResultMessage({ resultCode: code }, "sw", context);
        expect(en.startsWith("M-Pesa could not complete"), `${context} ${code} en`).toBe(
          sw.startsWith("M-Pesa haikuweza kukamilisha"),
        );
        expect(sw).not.toBe(en);
      }
    }
  });

  it("speaks of the business's account for payouts", () => {
    expect(mpesaResultMessage({ resultCode: 1 }, "en", "payout")).toMatch(/business M-Pesa account/);
    expect(mpesaResultMessage({ resultCode: 1 }, "sw", "payout")).toMatch(/biashara/);
    expect(mpesaResultMessage({ resultCode: 1032 }, "sw", "payout")).toBe("Mteja alighairi malipo.");
  });

  it("gives an unknown code a general sentence with Daraja's own text", () => {
    expect(mpesaResultMessage({ resultCode: 4242 }, "en")).toBe(
      "M-Pesa could not complete the payment (code 4242).",
    );
    expect(mpesaResultMessage({ resultCode: 4242, resultDesc: " Rule limited. " }, "sw")).toBe(
      'M-Pesa haikuweza kukamilisha malipo (nambari 4242). M-Pesa ilisema: "Rule limited."',
    );
    expect(mpesaResultMessage({ resultCode: null }, "en")).toBe(
      "M-Pesa could not complete the payment (code unknown).",
    );
  });
});

describe("mpesaFailureReasonIn", () => {
  it("says a stored reason that is the code's own sentence again in the reader's language", () => {
    const row = {
      resultCode: 1032,
      resultDesc: "Request cancelled by user",
      failureReason: "The customer cancelled the payment.",
    };
    expect(mpesaFailureReasonIn(row, "sw")).toBe("Mteja alighairi malipo.");
  });

  it("keeps a reason written for something else, and rows without a code", () => {
    expect(mpesaFailureReasonIn({ resultCode: 0, failureReason: "Paid KES 90, asked KES 100." }, "sw")).toBe(
      "Paid KES 90, asked KES 100.",
    );
    expect(mpesaFailureReasonIn({ resultCode: null, failureReason: null }, "sw")).toBeNull();
  });

  it("says stored sentences without their code (payouts, loan transfers, waiting notes) in the reader's language", () => {
    expect(mpesaFailureReasonIn({ failureReason: "The customer entered the wrong PIN." }, "sw")).toBe(
      "Mteja aliweka PIN isiyo sahihi.",
    );
    expect(
      mpesaFailureReasonIn(
        { failureReason: "The business M-Pesa account has insufficient funds for this payout." },
        "sw",
        "payout",
      ),
    ).toBe("Akaunti ya M-Pesa ya biashara haina pesa za kutosha kwa malipo haya.");
    expect(
      mpesaFailureReasonIn({ failureReason: "M-Pesa could not complete the payout (code 17)." }, "sw"),
    ).toBe("M-Pesa haikuweza kukamilisha utumaji wa malipo (nambari 17).");
    expect(
      mpesaFailureReasonIn(
        { failureReason: "M-Pesa did not answer in time. Try again in a few minutes." },
        "sw",
      ),
    ).toBe("M-Pesa haikujibu kwa wakati. Jaribu tena baada ya dakika chache.");
  });
});

describe("reasons with values (mpesaReason)", () => {
  it("are said again in the reader's language with the same values", () => {
    const mismatch = mpesaReason("amountMismatch", "KES 90.00", "KES 100.00");
    expect(mismatch).toBe("Not applied: the callback said KES 90.00, but the prompt asked for KES 100.00.");
    expect(mpesaFailureReasonIn({ resultCode: 0, failureReason: mismatch }, "sw")).toBe(
      "Haikutumika: taarifa ya M-Pesa ilisema KES 90.00, lakini ombi liliomba KES 100.00.",
    );
    expect(mpesaFailureReasonIn({ resultCode: 0, failureReason: mismatch }, "en")).toBe(mismatch);
    expect(
      mpesaFailureReasonIn(
        { failureReason: mpesaReason("phoneMismatch", "2547•••••678", "2547•••••123") },
        "sw",
      ),
    ).toBe(
      "Haikutumika: taarifa ya M-Pesa ilitaja simu 2547•••••678, lakini ombi lilitumwa kwa 2547•••••123.",
    );
    expect(mpesaFailureReasonIn({ failureReason: mpesaReason("noLoanNumbered", "LN-0042") }, "sw")).toBe(
      'Hakuna mkopo wenye nambari "LN-0042" unaoweza kupokea malipo haya.',
    );
    const refused = mpesaReason("reversalRefused", "The transaction is already reversed.");
    expect(refused).toBe("M-Pesa did not reverse the payment: The transaction is already reversed.");
    expect(mpesaFailureReasonIn({ failureReason: refused }, "sw")).toBe(
      "M-Pesa haikurudisha malipo: The transaction is already reversed.",
    );
  });
});
