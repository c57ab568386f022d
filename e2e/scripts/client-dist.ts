/**
 * `pnpm build`'s client step: the production bundle the browser tests built for these sources
 * (`node_modules/.cache/kavi-e2e-client/<hash>`, ../src/client-build.ts), copied into `apps/client/dist`; built
 * here when there is none. CI runs the tests before the build, so the client is bundled once per run, not twice.
 */
import { cp, rm } from "node:fs/promises";
import path from "node:path";
import { clientRoot, ensureClientBuild } from "../src/client-build";

const dist = path.join(clientRoot, "dist");
const build = await ensureClientBuild((message) => process.stdout.write(`client: ${message}\n`));
await rm(dist, { recursive: true, force: true });
await cp(build, dist, { recursive: true });
process.stdout.write(`client: ${path.relative(process.cwd(), dist)} ready\n`);
