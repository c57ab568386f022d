import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, seen, type TestBrowser } from "./browser";
import { type Stack, startStack } from "./stack";

const available = chromiumAvailable();

/** Records every text #root shows, from the very first, before any script of the app runs. */
async function recordTexts(page: Page) {
  await page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { kaviTexts: string[] }).kaviTexts = shown;
    new MutationObserver(() => {
      const text = document.getElementById("root")?.textContent?.trim() ?? "";
      if (text && text !== shown.at(-1)) shown.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const textsOf = (page: Page) => page.evaluate(() => (window as unknown as { kaviTexts: string[] }).kaviTexts);

/**
 * Only the reader's language is downloaded (issue 12, 3G), and still: a Kiswahili reader never sees English
 * first, and both languages open offline from the service worker's precache.
 */
describe.skipIf(!available)("catalogues loaded by language", () => {
  let stack: Stack;
  let browser: TestBrowser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("paints Kiswahili first for a Kiswahili phone, and downloads no English catalogue", async () => {
    const page = await browser.newPage({ width: 390, height: 844, locale: "sw-KE" });
    const catalogues: string[] = [];
    page.on("request", (request) => {
      const name = /\/assets\/(locale-\w+-\w+)-/.exec(request.url())?.[1];
      if (name) catalogues.push(name);
    });
    await recordTexts(page);
    await page.goto(`${stack.appUrl}/sign-in`);
    await seen(page.getByRole("heading", { name: "Karibu tena" }));
    const texts = await textsOf(page);
    expect(texts.length).toBeGreaterThan(0);
    // Every text ever shown, the first included, is Kiswahili: no English words of the same screens.
    for (const text of texts) expect(text).not.toMatch(/Welcome back|Sign in|is opening|Loading/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("sw");
    expect(catalogues.length).toBeGreaterThan(0);
    expect(catalogues.filter((name) => !name.startsWith("locale-sw-"))).toEqual([]);
    // The next screen loads its own catalogue in the same language.
    await page.getByRole("link", { name: "Fungua akaunti" }).click();
    await seen(page.getByRole("heading", { name: "Fungua akaunti yako ya KAVI" }));
    expect(catalogues.filter((name) => !name.startsWith("locale-sw-"))).toEqual([]);
  });

  it("opens in either language with no connection, catalogues never fetched before included", async () => {
    const page = await browser.newPage({ serviceWorkers: "allow" });
    await page.goto(`${stack.appUrl}/sign-in`);
    await seen(page.getByRole("heading", { name: "Welcome back" }));
    // Once active, the service worker has precached the whole build (both languages); a reload puts it in control.
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active))).toBe(true);
    await page.reload();
    await seen(page.getByRole("heading", { name: "Welcome back" }));
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.context().setOffline(true);
    await page.evaluate(() => localStorage.setItem("kavi.language", "sw"));
    await page.reload();
    await seen(page.getByRole("heading", { name: "Karibu tena" }));
    await page.getByRole("link", { name: "Umesahau nenosiri?" }).click();
    await seen(page.getByRole("button", { name: "Tuma kiungo" }));
    // And back to English, still offline.
    await page.evaluate(() => localStorage.setItem("kavi.language", "en"));
    await page.goto(`${stack.appUrl}/sign-up`);
    await seen(page.getByRole("heading", { name: "Create your KAVI account" }));
    await page.context().setOffline(false);
  });
});
