import { databaseOfBackup } from "../backup";
import { connectionSettings } from "../connection";
import { loadOpsEnv } from "../env";
import { formatComparison } from "../fingerprint";
import { verifyBackup } from "../verify";
import { runCli, stringOption, UsageError } from "./run-cli";

const usage = `Usage: pnpm --filter @kavi/ops verify <dump file> [--source <database>]

Checks the dump against its .sha256 file, restores it into a scratch database created for the
purpose, compares row counts and content checksums of every public table with --source (default:
the database named in the dump's file name), prints the comparison and drops the scratch database.
Exits 1 on any mismatch.`;

await runCli(usage, { source: { type: "string" } }, async (args) => {
  const { positionals } = args;
  const [dumpPath, ...rest] = positionals;
  if (!dumpPath || rest.length > 0) throw new UsageError("expected exactly one dump file");
  const sourceDatabase = stringOption(args, "source") ?? databaseOfBackup(dumpPath);
  if (!sourceDatabase)
    throw new UsageError("cannot tell the source database from the file name: pass --source");

  const settings = connectionSettings(loadOpsEnv());
  const result = await verifyBackup({ settings, dumpPath, sourceDatabase });
  if (!result.checksum.ok) {
    console.error(`FAILED: ${result.checksum.reason}`);
    return 1;
  }
  console.log(`checksum ok (${result.checksum.sha256})`);
  console.log(`restored into scratch database ${result.scratchDatabase} (dropped)`);
  console.log(`compared with ${sourceDatabase}:\n`);
  console.log(formatComparison(result.tables));
  const failures = result.tables.filter((table) => table.status !== "match");
  if (!result.ok) {
    console.error(`\nFAILED: ${failures.length} of ${result.tables.length} tables differ`);
    return 1;
  }
  console.log(`\nOK: all ${result.tables.length} tables match`);
  return 0;
});
