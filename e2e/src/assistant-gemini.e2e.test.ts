import { mkdir } from "node:fs/promises";
import path from "node:path";
import { seedDemo } from "@kavi/db/seed";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();
/** ASSISTANT_SCREENSHOTS=<dir> keeps the pictures of each step (desktop and phone). */
const screenshots = process.env.ASSISTANT_SCREENSHOTS ?? null;

async function seen(locator: Locator): Promise<void> {
  await locator.filter({ visible: true }).first().waitFor({ state: "visible" });
}

describe.skipIf(!available)(
  "with Gemini configured, the answer streams into the sheet as it is written",
  () => {
    let stack: Stack;
    let browser: Browser;
    let businessId: string;
    const contexts: BrowserContext[] = [];

    async function signedInPage(viewport: { width: number; height: number }): Promise<Page> {
      const context = await browser.newContext({ viewport, reducedMotion: "reduce" });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(`${stack.appUrl}/sign-in`);
      await page.getByLabel("Email").fill("amina@demo.kavi.africa");
      await page.getByLabel("Password", { exact: true }).fill("Sokoni-Asubuhi-2026");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/b\//);
      return page;
    }

    async function picture(page: Page, name: string) {
      if (!screenshots) return;
      await mkdir(screenshots, { recursive: true });
      await page.screenshot({ path: path.join(screenshots, name) });
    }

    beforeAll(async () => {
      // The fake pauses between streamed events, so the text can be seen arriving.
      stack = await startStack({ assistantGemini: { streamDelayMs: 400 } });
      businessId = (await seedDemo(stack.api.resources.services.db)).businessId;
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    });

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close().catch(() => undefined);
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
        const page = await signedInPage(viewport);
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
        await picture(page, `assistant-gemini-streaming.${label}.png`);

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
        await picture(page, `assistant-gemini-answer.${label}.png`);
      },
    );
  },
);
