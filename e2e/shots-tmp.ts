import { chromium } from "playwright-core";

const base = process.env.BASE ?? "http://localhost:5250";
const paths = (process.env.PATHS ?? "/cash-flow").split(",");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
for (const [label, width] of [
  ["desktop", 1280],
  ["phone", 390],
] as const) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill("amina@demo.kavi.africa");
  await page.getByLabel("Password", { exact: true }).fill("Sokoni-Asubuhi-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/b\//, { timeout: 30_000 });
  const businessUrl = page.url().replace(/(\/b\/[^/]+).*/, "$1");
  for (const path of paths) {
    await page.goto(`${businessUrl}${path}`);
    await page.waitForTimeout(6000);
    const name = `${path.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "home"}-${label}`;
    await page.screenshot({ path: `/tmp/shots5/${name}.png`, fullPage: true });
    console.log("shot", name);
  }
  await page.close();
}
await browser.close();
