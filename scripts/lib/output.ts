// Terminal output for the dev scripts: coloured name prefixes and plain-word status lines.

const COLOURS = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
  brightBlue: 94,
  brightMagenta: 95,
} as const;

export type Colour = keyof typeof COLOURS;

let coloursEnabled = false;

export function setColoursEnabled(enabled: boolean): void {
  coloursEnabled = enabled;
}

export function paint(colour: Colour, text: string): string {
  return coloursEnabled ? `\u001b[${COLOURS[colour]}m${text}\u001b[39m` : text;
}

export function bold(text: string): string {
  return coloursEnabled ? `\u001b[1m${text}\u001b[22m` : text;
}

// Continuation lines are indented under the text, not the mark.
const indent = (text: string) => text.replaceAll("\n", "\n  ");

export const say = {
  step: (text: string) => console.log(`${paint("cyan", "›")} ${indent(text)}`),
  ok: (text: string) => console.log(`${paint("green", "✔")} ${indent(text)}`),
  note: (text: string) => console.log(`${paint("gray", "·")} ${indent(text)}`),
  warn: (text: string) => console.warn(`${paint("yellow", "!")} ${indent(text)}`),
  fail: (text: string) => console.error(`${paint("red", "✖")} ${indent(text)}`),
};

// Screen-clearing sequences some dev servers print; they would wipe the other processes' output.
const ESC = String.fromCharCode(27);
const CLEAR_SCREEN = new RegExp(`${ESC}\\[[0-3]?J|${ESC}\\[H|${ESC}c`, "g");

/**
 * Splits a stream of chunks into whole lines and writes each with a fixed-width coloured name in front
 * (`server  │ listening on :8000`). Partial lines wait for the rest of their chunk; `flush()` writes what is left.
 */
export function createLinePrefixer(options: {
  name: string;
  width: number;
  colour: Colour;
  write: (line: string) => void;
}) {
  const prefix = `${paint(options.colour, options.name.padEnd(options.width))} ${paint("gray", "│")} `;
  let pending = "";
  const emit = (line: string) =>
    options.write(`${prefix}${line.replace(CLEAR_SCREEN, "").replace(/\r$/, "")}`);
  return {
    push(chunk: Buffer | string): void {
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) emit(line);
    },
    flush(): void {
      if (pending !== "") emit(pending);
      pending = "";
    },
  };
}

export const PROCESS_COLOURS: readonly Colour[] = [
  "magenta",
  "blue",
  "green",
  "yellow",
  "cyan",
  "brightMagenta",
  "brightBlue",
];
