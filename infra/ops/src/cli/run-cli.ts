import { type ParseArgsConfig, parseArgs } from "node:util";

export class UsageError extends Error {}

export interface CliArguments {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Parses arguments (printing `usage` for --help or a bad flag) and maps failures to exit codes. */
export async function runCli(
  usage: string,
  options: NonNullable<ParseArgsConfig["options"]>,
  main: (args: CliArguments) => Promise<number>,
): Promise<void> {
  let exitCode: number;
  try {
    const parsed = parseArgs({ options: { ...options, help: { type: "boolean" } }, allowPositionals: true });
    const values = parsed.values as CliArguments["values"];
    if (values.help === true) {
      console.log(usage);
      exitCode = 0;
    } else {
      exitCode = await main({ values, positionals: parsed.positionals });
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const isUsage =
      error instanceof UsageError || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"));
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (isUsage) console.error(`\n${usage}`);
    exitCode = isUsage ? 2 : 1;
  }
  process.exitCode = exitCode;
}

/** A string option's value (undefined when absent). */
export function stringOption(args: CliArguments, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}
