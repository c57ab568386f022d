import { describe, expect, it } from "vitest";
import { createLinePrefixer } from "./output";

function collect(name = "server", width = 8) {
  const lines: string[] = [];
  const prefixer = createLinePrefixer({ name, width, colour: "green", write: (line) => lines.push(line) });
  return { lines, prefixer };
}

describe("createLinePrefixer", () => {
  it("prefixes every line with the padded name", () => {
    const { lines, prefixer } = collect();
    prefixer.push("one\ntwo\n");
    expect(lines).toEqual(["server   │ one", "server   │ two"]);
  });

  it("holds a partial line until the rest arrives, and flushes what is left", () => {
    const { lines, prefixer } = collect("db", 4);
    prefixer.push("migrat");
    expect(lines).toEqual([]);
    prefixer.push(Buffer.from("ing...\ndone"));
    expect(lines).toEqual(["db   │ migrating..."]);
    prefixer.flush();
    expect(lines).toEqual(["db   │ migrating...", "db   │ done"]);
    prefixer.flush();
    expect(lines).toHaveLength(2);
  });

  it("handles CRLF and keeps empty lines", () => {
    const { lines, prefixer } = collect("w", 1);
    prefixer.push("a\r\n\r\nb\n");
    expect(lines).toEqual(["w │ a", "w │ ", "w │ b"]);
  });

  it("drops screen-clearing sequences but keeps colours", () => {
    const { lines, prefixer } = collect("client", 6);
    prefixer.push("\u001b[2J\u001b[3J\u001b[HVITE ready\n\u001b[32mgreen\u001b[39m\n");
    expect(lines).toEqual(["client │ VITE ready", "client │ \u001b[32mgreen\u001b[39m"]);
  });
});
