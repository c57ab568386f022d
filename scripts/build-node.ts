/**
 * Bundles a Node entry point (server, worker, migrate) into one ESM file. The package's own declared
 * dependencies stay external (installed beside the bundle by `pnpm deploy --prod`); everything else, our
 * workspace packages and what they use, is compiled in. Native addons and optional drivers always stay out.
 * Usage: tsx scripts/build-node.ts <entry.ts> <out.js>   (run from the package directory)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error("usage: build-node.ts <entry.ts> <out.js>");
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
};

const ALWAYS_EXTERNAL = ["pg-native", "@node-rs/argon2", "pino-pretty", "@opentelemetry/*"];
const declared = Object.keys(manifest.dependencies ?? {}).filter((name) => !name.startsWith("@kavi/"));

function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  legalComments: "none",
  external: ALWAYS_EXTERNAL,
  plugins: [
    {
      name: "externalize-declared",
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith("node:")) return { path: args.path, external: true };
          return declared.includes(packageNameOf(args.path))
            ? { path: args.path, external: true }
            : undefined;
        });
      },
    },
  ],
  banner: {
    // Some CommonJS dependencies expect require/__dirname inside an ESM bundle.
    js: "import { createRequire as __kaviCreateRequire } from 'node:module'; const require = __kaviCreateRequire(import.meta.url);",
  },
  logLevel: "info",
});
console.log(`built ${outfile}; external: ${[...declared, ...ALWAYS_EXTERNAL].join(", ")}`);
