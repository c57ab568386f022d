import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export type WorkspacePackage = { name: string; dir: string; scripts: Record<string, string> };

const PACKAGE_FOLDERS = ["apps", "packages"];

/** The workspace's apps and packages by name, read from their package.json files. */
export async function readWorkspacePackages(root: string): Promise<Map<string, WorkspacePackage>> {
  const packages = new Map<string, WorkspacePackage>();
  for (const folder of PACKAGE_FOLDERS) {
    const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, folder, entry.name);
      const manifest = await readFile(join(dir, "package.json"), "utf8").catch(() => null);
      if (manifest === null) continue;
      try {
        const parsed = JSON.parse(manifest) as { name?: unknown; scripts?: unknown };
        if (typeof parsed.name !== "string") continue;
        const scripts =
          typeof parsed.scripts === "object" && parsed.scripts !== null
            ? (parsed.scripts as Record<string, string>)
            : {};
        packages.set(parsed.name, { name: parsed.name, dir, scripts });
      } catch {
        // A package.json being edited mid-save; treated as absent.
      }
    }
  }
  return packages;
}

/** Why `pkg` cannot run `script`, or null when it can. */
export function missingScript(
  packages: Map<string, WorkspacePackage>,
  pkg: string,
  script: string,
): string | null {
  const found = packages.get(pkg);
  if (!found) return `${pkg} does not exist yet`;
  if (!(script in found.scripts)) return `${pkg} has no "${script}" script yet`;
  return null;
}
