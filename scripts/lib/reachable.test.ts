import { describe, expect, it } from "vitest";
import { type Account, canEnter, findBlockingDirectory, type StatFn } from "./reachable";

const ROOT = 0;
const postgres: Account = { uid: 999, gids: [999] };

function tree(folders: Record<string, { mode: number; uid?: number; gid?: number }>): StatFn {
  return (path) => {
    const folder = folders[path];
    return folder ? { mode: folder.mode, uid: folder.uid ?? ROOT, gid: folder.gid ?? ROOT } : null;
  };
}

describe("reachable folders for the postgres user", () => {
  it("reads the owner, group and other search bits", () => {
    expect(canEnter({ mode: 0o700, uid: 999, gid: 0 }, postgres)).toBe(true);
    expect(canEnter({ mode: 0o770, uid: 0, gid: 999 }, postgres)).toBe(true);
    expect(canEnter({ mode: 0o750, uid: 0, gid: 0 }, postgres)).toBe(false);
    expect(canEnter({ mode: 0o755, uid: 0, gid: 0 }, postgres)).toBe(true);
    // An owner without the search bit is refused even when others have it.
    expect(canEnter({ mode: 0o055, uid: 999, gid: 0 }, postgres)).toBe(false);
  });

  it("finds a clone in root's home (mode 700) as the blocking folder", () => {
    const stat = tree({
      "/": { mode: 0o755 },
      "/root": { mode: 0o700 },
      "/root/kavi": { mode: 0o755 },
      "/root/kavi/.data": { mode: 0o755 },
    });
    expect(findBlockingDirectory("/root/kavi/.data/postgres", postgres, stat)).toBe("/root");
  });

  it("lets a clone in an open folder through, including folders still to be created", () => {
    const stat = tree({ "/": { mode: 0o755 }, "/srv": { mode: 0o755 }, "/srv/kavi": { mode: 0o755 } });
    expect(findBlockingDirectory("/srv/kavi/.data/postgres", postgres, stat)).toBeNull();
  });

  it("treats a postgres user that does not exist yet as anyone else", () => {
    const stat = tree({ "/": { mode: 0o755 }, "/work": { mode: 0o741, gid: 999 } });
    expect(findBlockingDirectory("/work/kavi", { uid: -1, gids: [] }, stat)).toBeNull();
    expect(findBlockingDirectory("/work/kavi", postgres, stat)).toBe("/work");
  });
});
