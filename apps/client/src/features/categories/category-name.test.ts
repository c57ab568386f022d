import { DEFAULT_CATEGORIES, SYSTEM_CATEGORY_KEYS } from "@kavi/domain";
import { describe, expect, it } from "vitest";
import { RESOURCES } from "../../i18n/resources";
import { builtInKeyOf } from "./category-name";

describe("built-in category names", () => {
  it("has every default category in English (its stored name) and in Kiswahili", () => {
    const en = RESOURCES.en.categories.builtIn as Record<string, string>;
    const sw = RESOURCES.sw.categories.builtIn as Record<string, string>;
    for (const category of DEFAULT_CATEGORIES) {
      expect(en[category.systemKey]).toBe(category.name);
      expect(sw[category.systemKey], category.systemKey).toBeTruthy();
      expect(sw[category.systemKey]).not.toBe(category.name);
    }
    expect(Object.keys(en).sort()).toEqual([...SYSTEM_CATEGORY_KEYS].sort());
  });

  it("translates a built-in category only while the user has not renamed it", () => {
    expect(builtInKeyOf({ name: "Utilities", systemKey: "utilities" })).toBe("utilities");
    expect(builtInKeyOf({ name: "Power and water", systemKey: "utilities" })).toBeNull();
    expect(builtInKeyOf({ name: "Utilities", systemKey: null })).toBeNull();
    expect(builtInKeyOf({ name: "Utilities" })).toBeNull();
  });
});
