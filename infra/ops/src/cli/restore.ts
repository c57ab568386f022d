import { connectionSettings } from "../connection";
import { loadOpsEnv } from "../env";
import { RestoreRefusedError, restoreBackup } from "../restore";
import { runCli, stringOption, UsageError } from "./run-cli";

const usage = `Usage: pnpm --filter @kavi/ops restore <dump file> --target <database> [--force]

Checks the dump against its .sha256 file and restores it into --target (created if missing) in a
single transaction. A target that already holds tables is only overwritten with --force.`;

await runCli(usage, { target: { type: "string" }, force: { type: "boolean" } }, async (args) => {
  const { values, positionals } = args;
  const [dumpPath, ...rest] = positionals;
  const targetDatabase = stringOption(args, "target");
  if (!dumpPath || rest.length > 0) throw new UsageError("expected exactly one dump file");
  if (!targetDatabase) throw new UsageError("--target is required");

  try {
    const result = await restoreBackup({
      settings: connectionSettings(loadOpsEnv()),
      dumpPath,
      targetDatabase,
      force: values.force === true,
    });
    const how = result.createdDatabase
      ? "created and restored"
      : result.replacedExisting
        ? "replaced"
        : "restored into";
    console.log(`${how} ${result.database} from ${dumpPath}`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefusedError) {
      console.error(`REFUSED: ${error.message}`);
      return 1;
    }
    throw error;
  }
});
