import { execFile } from "node:child_process";
import { readdir, readFile, readlink } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { promisify } from "node:util";

/**
 * True when nothing listens on `port`, on IPv4 or IPv6. Both are tried because dev servers differ:
 * Express listens on every interface, Vite on `localhost`, which may be ::1 only.
 */
export async function isPortFree(port: number): Promise<boolean> {
  // One after the other: a dual-stack "::" listener and a 127.0.0.1 one on the same port would collide.
  for (const host of ["127.0.0.1", "::"]) {
    if ((await tryListen(port, host)) === "in-use") return false;
  }
  return true;
}

function tryListen(port: number, host: string): Promise<"free" | "in-use" | "unsupported"> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      // EADDRINUSE and EACCES both mean we could not have it; no IPv6 on this machine is not a conflict.
      resolve(error.code === "EADDRINUSE" || error.code === "EACCES" ? "in-use" : "unsupported");
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve("free")));
  });
}

/** The first free port from `start` on (trying `attempts` ports). */
export async function findFreePort(start: number, attempts = 20): Promise<number> {
  for (let port = start; port < start + attempts; port += 1) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port between ${start} and ${start + attempts - 1}.`);
}

/** True once something accepts TCP connections on the port (IPv4 or IPv6 loopback). */
export async function isListening(port: number): Promise<boolean> {
  for (const host of ["127.0.0.1", "::1"]) {
    if (await canConnect(host, port)) return true;
  }
  return false;
}

/** True when a TCP connection to host:port succeeds within `timeoutMs`. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export type PortHolder = { pid: number; command: string; cwd?: string | undefined };

// Loader flags (tsx adds two long ones) hide what a node process runs; leave them out of descriptions.
const NOISY_FLAGS = new Set(["--require", "-r", "--import", "--loader", "--experimental-loader"]);

export function readableCommand(args: string[]): string {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? "";
    if (NOISY_FLAGS.has(arg)) {
      index += 1;
      continue;
    }
    if ([...NOISY_FLAGS].some((flag) => arg.startsWith(`${flag}=`))) continue;
    kept.push(arg);
  }
  return kept.join(" ");
}

/**
 * Which process listens on `port`, when the operating system lets us see it: /proc on Linux, lsof elsewhere.
 * Returns null when it cannot tell (e.g. the process belongs to another user).
 */
export async function findPortHolder(port: number): Promise<PortHolder | null> {
  try {
    return process.platform === "linux"
      ? await findPortHolderInProc(port)
      : await findPortHolderWithLsof(port);
  } catch {
    return null;
  }
}

async function findPortHolderInProc(port: number): Promise<PortHolder | null> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const content = await readFile(table, "utf8").catch(() => "");
    for (const inode of listeningInodes(content, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return null;

  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const descriptors = await readdir(`/proc/${entry}/fd`).catch(() => []);
    for (const descriptor of descriptors) {
      const target = await readlink(`/proc/${entry}/fd/${descriptor}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) {
        const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
        const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => undefined);
        return { pid: Number(entry), command: readableCommand(commandLine.split("\0").filter(Boolean)), cwd };
      }
    }
  }
  return null;
}

/** Socket inodes in LISTEN state (st = 0A) on `port`, from a /proc/net/tcp{,6} table. */
export function listeningInodes(table: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of table.split("\n").slice(1)) {
    const columns = line.trim().split(/\s+/);
    const localAddress = columns[1];
    const state = columns[3];
    const inode = columns[9];
    if (!localAddress || state !== "0A" || !inode) continue;
    const hexPort = localAddress.split(":")[1];
    if (hexPort !== undefined && Number.parseInt(hexPort, 16) === port) inodes.push(inode);
  }
  return inodes;
}

async function findPortHolderWithLsof(port: number): Promise<PortHolder | null> {
  const { stdout } = await promisify(execFile)("lsof", ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-Fpc"]);
  const pid = /^p(\d+)$/m.exec(stdout)?.[1];
  const command = /^c(.+)$/m.exec(stdout)?.[1];
  return pid === undefined ? null : { pid: Number(pid), command: command ?? "" };
}

export function describePortHolder(port: number, holder: PortHolder | null): string {
  if (!holder) return `another process (\`lsof -i :${port}\` or \`ss -ltnp\` shows which)`;
  const command = holder.command.length > 120 ? `${holder.command.slice(0, 117)}...` : holder.command;
  const where = holder.cwd ? `, in ${holder.cwd}` : "";
  return `process ${holder.pid} (${command || "unknown command"}${where})`;
}
