// Child processes for `pnpm dev`: each in its own process group (so stopping it stops its watcher and the
// app under it), its output prefixed line by line with its name.

import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { type Colour, createLinePrefixer } from "./output";

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

export type ManagedProcess = {
  name: string;
  /** Settles when the process has exited (never rejects; a failure to spawn counts as exit code 127). */
  exited: Promise<ExitInfo>;
  isRunning(): boolean;
  /** SIGTERM to the whole group, SIGKILL to whatever is left after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole group, synchronously (for the last moments of our own process). */
  killNow(): void;
};

export type StartOptions = {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  colour: Colour;
  /** Width of the name column, so every prefix lines up. */
  nameWidth: number;
  write?: (line: string) => void;
};

export function startManagedProcess(options: StartOptions): ManagedProcess {
  const write = options.write ?? ((line: string) => console.log(line));
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true, // leader of a new process group; also keeps the terminal's Ctrl-C away from it
    stdio: ["ignore", "pipe", "pipe"],
  });

  const prefixers = [child.stdout, child.stderr].map((stream) => {
    const prefixer = createLinePrefixer({
      name: options.name,
      width: options.nameWidth,
      colour: options.colour,
      write,
    });
    stream?.on("data", (chunk: Buffer) => prefixer.push(chunk));
    return prefixer;
  });

  let running = true;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("error", (error) => {
      running = false;
      write(`${options.name}: could not start ${options.command}: ${error.message}`);
      resolve({ code: 127, signal: null });
    });
    child.once("close", (code, signal) => {
      running = false;
      for (const prefixer of prefixers) prefixer.flush();
      resolve({ code, signal });
    });
  });

  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    if (child.pid === undefined) return false;
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };

  return {
    name: options.name,
    exited,
    isRunning: () => running,
    async stop(graceMs = 5000) {
      // The group can outlive its leader (a watcher's child), so signal it even when the leader has exited.
      if (!signalGroup("SIGTERM")) return;
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && signalGroup(0)) await sleep(50);
      signalGroup("SIGKILL");
      await exited;
    },
    killNow: () => {
      signalGroup("SIGKILL");
    },
  };
}
