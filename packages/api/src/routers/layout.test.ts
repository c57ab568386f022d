import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listProcedures } from "../testing/procedures";

/**
 * The router layout rule: a domain's router is one flat file while it has about eight procedures; past that it
 * becomes a folder with a file per sub-resource (routers/invoices, routers/auth, routers/transactions).
 */
const MOST_IN_A_FLAT_FILE = 9;

const routersFolder = fileURLToPath(new URL(".", import.meta.url));

function namespaceOf(fileName: string): string {
  return fileName.replace(/\.ts$/, "").replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

describe("router layout", () => {
  it("keeps flat router files small; larger domains are folders", () => {
    const procedures = listProcedures();
    const flatFiles = readdirSync(routersFolder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.includes(".test."))
      .map((entry) => entry.name);
    expect(flatFiles.length).toBeGreaterThan(5);
    const tooBig = flatFiles
      .map((file) => ({
        file,
        count: procedures.filter((procedure) => procedure.path.startsWith(`${namespaceOf(file)}.`)).length,
      }))
      .filter(({ count }) => count > MOST_IN_A_FLAT_FILE);
    expect(tooBig, "split these into a folder by sub-resource").toEqual([]);
  });
});
