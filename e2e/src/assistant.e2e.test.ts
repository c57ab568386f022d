import { transactions } from "@kavi/db";
import { seedDemo } from "@kavi/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumAvailable,
  launchBrowser,
  saveScreenshot,
  seen,
  signInAsDemoOwner,
  type TestBrowser,
} from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
/** SCREENSHOTS=docs/screenshots keeps the pictures of each step (desktop and phone). */
const screenshots = process.env.ASSISTANT_SCREENSHOTS ?? null;

describe.skipIf(!available)(
  "the owner asks KAVI in English and Kiswahili and follows a card to the screen",
  () => {
    let stack: Stack;
    let browser: TestBrowser;
    let businessId: string;

    beforeAll(async () => {
      stack = await startStack();
      businessId = (await seedDemo(stack.api.resources.services.db)).businessId;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    it("answers with figure cards, in the language asked, and the card opens the filtered transactions", async () => {
      const page = await browser.newPage({ width: 1280, height: 860 });
      await signInAsDemoOwner(page, stack);
      await page.goto(`${stack.appUrl}/b/${businessId}/dashboard`);
      await seen(page.getByRole("button", { name: /Ask KAVI/ }));
      // The keyboard shortcut opens it from any page.
      await page.keyboard.press("Control+k");
      const sheet = page.getByRole("dialog", { name: "KAVI assistant" });
      await seen(sheet);
      await sheet.getByLabel("Your question").fill("How much did we make last week?");
      await sheet.getByRole("button", { name: "Ask", exact: true }).click();
      await seen(sheet.getByText(/^You made KES [\d,]+\.\d\d in income last week/));
      await seen(sheet.getByRole("region", { name: "Income and expenses" }));
      await seen(sheet.getByRole("navigation", { name: "Suggested questions" }));
      await saveScreenshot(page, screenshots, "assistant-english.desktop.png");

      await sheet.getByLabel("Your question").fill("Tumetumia kiasi gani kwa mafuta mwezi huu?");
      await sheet.getByLabel("Your question").press("Enter");
      await seen(sheet.getByText(/^Mlitumia KES [\d,]+\.\d\d kwa Usafiri na mafuta mwezi huu/));
      await saveScreenshot(page, screenshots, "assistant-kiswahili.desktop.png");

      // The card's link opens Transactions with the same filters.
      await sheet.getByRole("link", { name: "Fungua miamala" }).last().click();
      await page.waitForURL(/\/transactions\?/);
      const url = new URL(page.url());
      expect(url.searchParams.get("type")).toBe("expense");
      expect(url.searchParams.get("category")).toMatch(/^[0-9a-f-]{36}$/);
      expect(url.searchParams.get("from")).toMatch(/^\d{4}-\d{2}-01$/);
      await expect(sheet.isVisible()).resolves.toBe(false);

      // History: the conversation is there, and can be reopened.
      await page.keyboard.press("Control+k");
      await sheet.getByRole("button", { name: "History" }).click();
      await sheet.getByRole("button", { name: /^How much did we make last week\?/ }).click();
      await seen(sheet.getByText(/^Mlitumia KES/));
    });

    it("proposes an action, does it once on confirm, and reads the answer aloud with ElevenLabs", async () => {
      const page = await browser.newPage({ width: 1280, height: 860 });
      await signInAsDemoOwner(page, stack);
      await page.goto(`${stack.appUrl}/b/${businessId}/dashboard`);
      await page.getByRole("button", { name: /Ask KAVI/ }).click();
      const sheet = page.getByRole("dialog", { name: "KAVI assistant" });
      await sheet.getByLabel("Your question").fill("Record 2,500 for fuel paid by M-Pesa today");
      await sheet.getByRole("button", { name: "Ask", exact: true }).click();
      await seen(sheet.getByText(/^Shall I record an expense of KES 2,500\.00 for Transport and fuel/));
      const card = sheet.getByRole("region", { name: "Record an expense" });
      await seen(card);
      const recorded = async () =>
        (await stack.db.select({ externalId: transactions.externalId }).from(transactions)).filter((row) =>
          row.externalId?.startsWith("kavi-assistant:"),
        ).length;
      // Nothing is recorded until the person confirms.
      expect(await recorded()).toBe(0);
      await saveScreenshot(page, screenshots, "assistant-action.desktop.png");
      await card.getByRole("button", { name: "Record it" }).click();
      await seen(card.getByText("Recorded."));
      expect(await recorded()).toBe(1);
      await expect(card.getByRole("button", { name: "Record it" }).count()).resolves.toBe(0);

      // Read aloud: the worker asks the (fake) ElevenLabs for the answer's audio, amounts as words.
      stack.speech.reset();
      await sheet.getByRole("button", { name: "Read aloud" }).last().click();
      const deadline = Date.now() + 30_000;
      while (stack.speech.requests().length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(stack.speech.requests()[0]).toMatchObject({
        languageCode: "en",
        text: expect.stringContaining("two thousand five hundred shillings"),
      });
    });

    it("works as a full-height sheet on a phone", async () => {
      const page = await browser.newPage({ width: 390, height: 844 });
      await signInAsDemoOwner(page, stack);
      await page.goto(`${stack.appUrl}/b/${businessId}/dashboard`);
      await page.getByRole("button", { name: /Ask KAVI/ }).click();
      const sheet = page.getByRole("dialog", { name: "KAVI assistant" });
      await sheet.getByRole("button", { name: "Ni mteja gani ana deni kubwa zaidi?" }).click();
      await seen(sheet.getByText(/ana deni kubwa zaidi: KES/));
      const box = await sheet.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(840);
      await saveScreenshot(page, screenshots, "assistant-kiswahili.phone.png");

      // A request in Kiswahili becomes a card to confirm, which fits a phone.
      await sheet.getByLabel("Your question").fill("Rekodi 1,200 za mafuta kwa taslimu leo");
      await sheet.getByLabel("Your question").press("Enter");
      const card = sheet.getByRole("region", { name: "Rekodi matumizi" });
      await seen(card.getByRole("button", { name: "Rekodi" }));
      await seen(card.getByRole("button", { name: "Ghairi" }));
      await saveScreenshot(page, screenshots, "assistant-action.phone.png");
    });

    it("stays clear of the invoice editor's save bar on a phone, and in its corner on a desktop", async () => {
      // It used to float over "Save and send" on a phone, where the editor's two saves stick to the bottom.
      const bottomGap = async (width: number, height: number) => {
        const page = await browser.newPage({ width, height });
        await signInAsDemoOwner(page, stack);
        await page.goto(`${stack.appUrl}/b/${businessId}/invoices/new`);
        const send = page.getByRole("button", { name: "Save and send" });
        await seen(send);
        const launcher = await page.getByRole("button", { name: /Ask KAVI/ }).boundingBox();
        const save = await send.boundingBox();
        await saveScreenshot(page, screenshots, `assistant-invoice-editor.${width}.png`);
        if (!launcher || !save) throw new Error("the launcher or the save button is not on screen");
        return { launcher, save, height };
      };
      const phone = await bottomGap(390, 844);
      expect(phone.launcher.y + phone.launcher.height).toBeLessThanOrEqual(phone.save.y - 8);
      const desktop = await bottomGap(1280, 800);
      expect(desktop.height - (desktop.launcher.y + desktop.launcher.height)).toBe(24);
    });
  },
);
