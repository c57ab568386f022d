/**
 * An expected problem with a fix the developer can apply (a port in use, a missing install, a wrong
 * password). Scripts print its message as it is, without a stack trace.
 */
export class ServiceError extends Error {
  override name = "ServiceError";
}

/** Keeps the last `size` lines of a process's output, to show when it fails. */
export function createTail(size: number) {
  const lines: string[] = [];
  return {
    add(line: string): void {
      lines.push(line);
      if (lines.length > size) lines.shift();
    },
    text(): string {
      return lines.length === 0 ? "  (no output)" : lines.map((line) => `  ${line}`).join("\n");
    },
  };
}
