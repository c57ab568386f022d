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
/** ASSISTANT_SCREENSHOTS=<dir> keeps the pictures of each step (desktop and phone). */
const screenshots = process.env.ASSISTANT_SCREENSHOTS ?? null;

describe.skipIf(!available)(
  "with Gemini configured, the answer streams into the sheet as it is written",
  () => {
    let stack: Stack;
    let browser: TestBrowser;
    let businessId: string;

    beforeAll(async () => {
      // The fake pauses between streamed events, so the text can be seen arriving.
      stack = await startStack({ assistantGemini: { streamDelayMs: 400 } });
      businessId = (await seedDemo(stack.api.resources.services.db)).businessId;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    it.each([
      [
        { width: 1280, height: 860 },
        "desktop",
        "How much did we make last week?",
        /^Here is what I found: income: KES/,
      ],
      [
        { width: 390, height: 844 },
        "phone",
        "Tulipata kiasi gani wiki iliyopita?",
        /^Hiki ndicho nilichopata: mapato: KES/,
      ],
    ])(
      "at %o (%s): part of the reply shows before the whole answer and its card",
      async (viewport, label, question, reply) => {
        const page = await browser.newPage(viewport);
        await signInAsDemoOwner(page, stack);
        await page.goto(`${stack.appUrl}/b/${businessId}/dashboard`);
        await page.getByRole("button", { name: /Ask KAVI/ }).click();
        const sheet = page.getByRole("dialog", { name: "KAVI assistant" });
        await seen(sheet);
        await sheet.getByLabel("Your question").fill(question);
        await sheet.getByRole("button", { name: "Ask", exact: true }).click();

        // Streaming: some of the words are on screen while the rest are still being written.
        const streaming = sheet.getByTestId("assistant-streaming");
        await seen(streaming);
        const partial = (await streaming.textContent()) ?? "";
        expect(partial.length).toBeGreaterThan(0);
        await saveScreenshot(page, screenshots, `assistant-gemini-streaming.${label}.png`);

        // The whole answer: the model's words, the card behind its figures, follow-ups.
        await streaming.waitFor({ state: "detached" });
        await seen(sheet.getByText(reply));
        const full = (await sheet.getByText(reply).first().textContent()) ?? "";
        expect(full.startsWith(partial.trim().slice(0, 10))).toBe(true);
        await seen(
          sheet.getByRole("region", {
            name: label === "desktop" ? "Income and expenses" : "Mapato na matumizi",
          }),
        );
        await seen(sheet.getByRole("navigation", { name: "Suggested questions" }));
        await saveScreenshot(page, screenshots, `assistant-gemini-answer.${label}.png`);
      },
    );
  },
);
