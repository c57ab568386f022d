import { spawn } from "node:child_process";
import { childProcessEnvironment } from "./env";

export class ToolFailedError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${command} failed (exit ${exitCode ?? "signal"}): ${stderr.trim() || "no output"}`);
    this.name = "ToolFailedError";
  }
}

/** Runs a command without a shell; resolves with its stdout, rejects with its stderr. */
export function runTool(
  command: string,
  args: readonly string[],
  environment: Record<string, string | undefined> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: childProcessEnvironment(environment),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => reject(new ToolFailedError(command, null, error.message)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString("utf8"));
      else reject(new ToolFailedError(command, code, Buffer.concat(stderr).toString("utf8")));
    });
  });
}
