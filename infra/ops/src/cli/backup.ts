import { createBackup, uploadBackup } from "../backup";
import { connectionSettings } from "../connection";
import { loadOpsEnv } from "../env";
import { runCli, stringOption, UsageError } from "./run-cli";

const usage = `Usage: pnpm --filter @kavi/ops backup [--database <name>] [--dir <directory>] [--upload]

Writes kavi-<database>-<YYYYMMDDTHHMMSSZ>.dump (pg_dump custom format, compressed) and a .sha256
file beside it. Connection: DATABASE_URL or PGHOST/PGPORT/PGUSER/PGPASSWORD (default 127.0.0.1:5432,
user postgres). --database defaults to the one DATABASE_URL/PGDATABASE names, else "kavi";
--dir to BACKUP_DIR (default .artifacts/backups). --upload copies both files to BACKUP_S3_URI.`;

await runCli(
  usage,
  { database: { type: "string" }, dir: { type: "string" }, upload: { type: "boolean" } },
  async (args) => {
    const { values } = args;
    const env = loadOpsEnv();
    const settings = connectionSettings(env);
    const database = stringOption(args, "database") ?? settings.database ?? "kavi";
    if (values.upload && !env.BACKUP_S3_URI)
      throw new UsageError("--upload needs BACKUP_S3_URI (s3://bucket/prefix)");

    const result = await createBackup({
      settings,
      database,
      directory: stringOption(args, "dir") ?? env.BACKUP_DIR,
    });
    console.log(`backup   ${result.dumpPath}`);
    console.log(`sha256   ${result.sha256}  (${result.checksumPath})`);
    console.log(`size     ${result.sizeBytes} bytes`);
    if (values.upload && env.BACKUP_S3_URI) {
      for (const target of await uploadBackup(result, env.BACKUP_S3_URI)) console.log(`uploaded ${target}`);
    }
    return 0;
  },
);
