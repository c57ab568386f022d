import { describe, expect, it } from "vitest";
import { type InvoiceEmailInput, invoiceEmail, reminderEmail } from "./emails";

const base: InvoiceEmailInput = {
  businessName: "Maua Florists",
  customerName: "Wanjiru",
  invoiceNumber: "INV-2026-0042",
  currency: "KES",
  totalMinor: 1_250_000n,
  balanceDueMinor: 1_250_000n,
  dueDate: "2026-12-15",
  publicUrl: "https://app.kavi.africa/i/token",
  language: "en",
};

describe("invoice emails in the customer's language", () => {
  it("writes an English customer's invoice email in English", () => {
    const email = invoiceEmail(base);
    expect(email.subject).toBe("Invoice INV-2026-0042 from Maua Florists (KES 12,500.00 due 15 Dec 2026)");
    expect(email.html).toContain('<html lang="en">');
    expect(email.text).toContain("Hello Wanjiru,");
  });

  it("writes a Kiswahili customer's invoice email in Kiswahili, with Kenyan money and dates", () => {
    const email = invoiceEmail({ ...base, language: "sw" });
    expect(email.subject).toBe(
      "Ankara INV-2026-0042 kutoka Maua Florists (KES 12,500.00 ya kulipa kufikia 15 Des 2026)",
    );
    expect(email.html).toContain('<html lang="sw">');
    expect(email.text).toContain("Habari Wanjiru,");
    expect(email.text).toContain("Tazama ankara: https://app.kavi.africa/i/token");
    expect(email.html).toContain("Kitufe kisipofanya kazi");
    expect(email.text).not.toMatch(/\b(Hello|due by|View invoice)\b/);
  });

  it("reminds in Kiswahili before, on and after the due date", () => {
    const sw = { ...base, language: "sw" as const };
    expect(reminderEmail({ ...sw, offsetDays: -3 }).text).toContain("baada ya siku 3");
    expect(reminderEmail({ ...sw, offsetDays: 0 }).subject).toBe(
      "Ankara INV-2026-0042 inatakiwa kulipwa leo kutoka Maua Florists",
    );
    const late = reminderEmail({ ...sw, offsetDays: 1 });
    expect(late.subject).toBe(
      "Deni limepitwa na muda: ankara INV-2026-0042 (KES 12,500.00) kutoka Maua Florists",
    );
    expect(late.text).toContain("imechelewa kwa siku 1");
  });
});
