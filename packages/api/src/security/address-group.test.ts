import { describe, expect, it } from "vitest";
import { addressGroup } from "./address-group";

describe("address groups", () => {
  it("counts an IPv4 address on its own, in either of its written forms", () => {
    expect(addressGroup("203.0.113.7")).toEqual({
      key: "203.0.113.7",
      networks: ["203.0.113.7/32", "::ffff:203.0.113.7/128"],
    });
    expect(addressGroup("::ffff:203.0.113.7").key).toBe("203.0.113.7");
    expect(addressGroup("::ffff:cb00:7107").key).toBe("203.0.113.7");
  });

  it("attack: one IPv6 subscriber rotating through their /64 stays one identity", () => {
    const rotated = [
      "2001:db8:ab:cd::1",
      "2001:db8:ab:cd:ffff:ffff:ffff:ffff",
      "2001:0db8:00ab:00cd:1:2:3:4",
    ];
    const keys = new Set(rotated.map((ip) => addressGroup(ip).key));
    expect([...keys]).toEqual(["2001:db8:ab:cd::/64"]);
    expect(addressGroup("2001:db8:ab:ce::1").key).not.toBe("2001:db8:ab:cd::/64");
    expect(addressGroup("fe80::1%eth0").key).toBe("fe80:0:0:0::/64");
    expect(addressGroup("::1").key).toBe("0:0:0:0::/64");
  });

  it("gives garbage and missing addresses one shared group", () => {
    expect(addressGroup(null)).toEqual({ key: "unknown", networks: [] });
    expect(addressGroup("not-an-ip").key).toBe("unknown");
    expect(addressGroup("1:2:3").key).toBe("unknown");
  });
});
