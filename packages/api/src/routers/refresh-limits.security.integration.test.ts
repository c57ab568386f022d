import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestHarness,
  MemoryCookieJar,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
  testApiConfig,
  uniqueEmail,
} from "../testing";

/**
 * auth.refresh behind a carrier NAT: everyone in the harness signs up from the same address (198.51.100.7), as
 * many Safaricom and Airtel subscribers reach us from one.
 */
const SHARED_ADDRESS = "198.51.100.7";

let harness: TestHarness;
let alice: SignedInUser;
let bob: SignedInUser;

beforeAll(async () => {
  harness = await createTestHarness({
    rateLimits: {
      ...testApiConfig("").rateLimits,
      anonymousPerHour: 5,
      refreshPerSessionPerHour: 3,
      refreshPerIpPerHour: 8,
    },
  });
  alice = await signUpUser(harness);
  bob = await signUpUser(harness);
});
afterAll(async () => {
  await harness.close();
});

async function refreshAs(user: SignedInUser, ip = SHARED_ADDRESS) {
  const { caller } = await harness.client({ cookies: user.cookies, ip });
  return caller.auth.refresh();
}

describe("security: auth.refresh behind a shared address", () => {
  it("attack: someone on the same NAT spends the anonymous budget; the others still refresh and stay signed in", async () => {
    const { caller: stranger } = await harness.client({ ip: SHARED_ADDRESS });
    // Two sign-ups (each: sign up, then confirm the emailed code) spent four; the stranger spends the rest of the
    // address's anonymous budget.
    await stranger.auth.forgotPassword({ email: uniqueEmail() });
    expect((await refusal(stranger.auth.forgotPassword({ email: uniqueEmail() }))).code).toBe(
      "TOO_MANY_REQUESTS",
    );
    await expect(refreshAs(bob)).resolves.toMatchObject({ user: { id: bob.id } });
  });

  it("attack: a client refreshing in a loop is stopped by its own session's budget, and its neighbours are not", async () => {
    for (let refresh = 0; refresh < 3; refresh += 1) await refreshAs(alice);
    const stopped = await refusal(refreshAs(alice));
    expect(stopped.code).toBe("TOO_MANY_REQUESTS");
    await expect(refreshAs(bob)).resolves.toMatchObject({ user: { id: bob.id } });
  });

  it("attack: a flood of made-up refresh cookies from one address meets the per-address ceiling", async () => {
    const flooder = "203.0.113.50";
    const codes: string[] = [];
    for (let attempt = 0; attempt < 9; attempt += 1) {
      const cookies = new MemoryCookieJar();
      cookies.set("kavi_refresh", `made-up-refresh-token-${attempt}-${"x".repeat(24)}`, {
        httpOnly: true,
        secure: false,
        sameSite: "strict",
        path: "/api/trpc",
      });
      const { caller } = await harness.client({ cookies, ip: flooder });
      codes.push((await refusal(caller.auth.refresh())).code);
    }
    expect(codes.slice(0, 8).every((code) => code === "UNAUTHORIZED")).toBe(true);
    expect(codes[8]).toBe("TOO_MANY_REQUESTS");
  });
});
