import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../schemas/auth";
import {
  BUILT_IN_CATEGORY_NAMES,
  builtInCategoryKey,
  categoryDisplayName,
  DEFAULT_CATEGORIES,
  SYSTEM_CATEGORY_KEYS,
} from "./categories";

describe("built-in category names", () => {
  it("names every system key in every language, Kiswahili its own words", () => {
    expect(Object.keys(BUILT_IN_CATEGORY_NAMES).sort()).toEqual([...SYSTEM_CATEGORY_KEYS].sort());
    for (const key of SYSTEM_CATEGORY_KEYS) {
      for (const language of LANGUAGES) expect(BUILT_IN_CATEGORY_NAMES[key][language], key).toBeTruthy();
      expect(BUILT_IN_CATEGORY_NAMES[key].sw, key).not.toBe(BUILT_IN_CATEGORY_NAMES[key].en);
    }
  });

  it("stores the default categories under their English names, one per system key", () => {
    expect(DEFAULT_CATEGORIES.map((category) => category.systemKey).sort()).toEqual(
      [...SYSTEM_CATEGORY_KEYS].sort(),
    );
    for (const category of DEFAULT_CATEGORIES) {
      expect(category.name).toBe(BUILT_IN_CATEGORY_NAMES[category.systemKey].en);
    }
  });
});

describe("categoryDisplayName", () => {
  it("words a built-in category the user has not renamed in the reader's language", () => {
    expect(categoryDisplayName({ name: "Utilities", systemKey: "utilities" }, "sw")).toBe("Umeme na maji");
    expect(categoryDisplayName({ name: "Utilities", systemKey: "utilities" }, "en")).toBe("Utilities");
  });

  it("keeps a renamed built-in category and the user's own categories as written", () => {
    expect(categoryDisplayName({ name: "Power and water", systemKey: "utilities" }, "sw")).toBe(
      "Power and water",
    );
    expect(categoryDisplayName({ name: "Utilities", systemKey: null }, "sw")).toBe("Utilities");
    expect(categoryDisplayName({ name: "Utilities" }, "sw")).toBe("Utilities");
    expect(categoryDisplayName({ name: "Sales", systemKey: "not_a_key" }, "sw")).toBe("Sales");
  });

  it("finds the built-in key only while the name is the default one", () => {
    expect(builtInCategoryKey({ name: "Rent", systemKey: "rent" })).toBe("rent");
    expect(builtInCategoryKey({ name: "Shop rent", systemKey: "rent" })).toBeNull();
  });
});
