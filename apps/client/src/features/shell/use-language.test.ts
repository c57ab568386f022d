import i18next, { type BackendModule, type ReadCallback } from "i18next";
import { describe, expect, it } from "vitest";
import { followSavedLanguage } from "./use-language";

/** A backend whose catalogues arrive only when the test lets them: the slow network of a reload. */
function heldCatalogues() {
  const waiting = new Map<string, () => void>();
  const backend: BackendModule = {
    type: "backend",
    init() {},
    read(language: string, _namespace: string, callback: ReadCallback) {
      if (language === "en") callback(null, { loadMore: "Load more" });
      else waiting.set(language, () => callback(null, { loadMore: "Onyesha zaidi" }));
    },
  };
  return { backend, release: (language: string) => waiting.get(language)?.() };
}

async function startIn(language: string, backend: BackendModule) {
  const instance = i18next.createInstance();
  await instance.use(backend).init({
    lng: language,
    ns: ["common"],
    defaultNS: "common",
    supportedLngs: ["en", "sw"],
    fallbackLng: false,
  });
  return instance;
}

describe("following the saved language", () => {
  it("ends in the newest saved language when an older one's catalogues arrive last", async () => {
    const { backend, release } = heldCatalogues();
    const i18n = await startIn("en", backend);
    // The offline snapshot's stale profile says Kiswahili; its catalogues are still on the way…
    const stale = followSavedLanguage(i18n, "sw");
    // …when the fresh profile says English, which the screen already shows.
    await followSavedLanguage(i18n, "en");
    release("sw");
    await stale;
    expect(i18n.language).toBe("en");
    expect(i18n.t("loadMore")).toBe("Load more");
  });

  it("switches when the saved language changes, and leaves it alone with no profile yet", async () => {
    const { backend, release } = heldCatalogues();
    const i18n = await startIn("en", backend);
    expect(followSavedLanguage(i18n, undefined)).toBeUndefined();
    const switching = followSavedLanguage(i18n, "sw");
    release("sw");
    await switching;
    expect(i18n.language).toBe("sw");
    expect(i18n.t("loadMore")).toBe("Onyesha zaidi");
  });
});
