import { DEVELOPMENT_DATA_ENCRYPTION_KEYS } from "@kavi/security";
import { describe, expect, it } from "vitest";
import { ConfigError, loadServerEnv } from "./env";

/** A production configuration that passes every guard; each test breaks one thing. */
const PRODUCTION = {
  NODE_ENV: "production",
  JWT_SECRET: "a-real-secret-from-secrets-manager-0123456789",
  CORS_ORIGINS: "https://financegrowth.co.ke",
  APP_URL: "https://financegrowth.co.ke",
  API_PUBLIC_URL: "https://api.financegrowth.co.ke",
  TRUST_PROXY: "10.0.1.0/24,10.0.3.0/24",
  METRICS_TOKEN: "a-metrics-token-from-secrets-manager",
  S3_BUCKET: "kavi-production-uploads",
};

describe("security: server configuration in production", () => {
  it("starts with addresses for TRUST_PROXY, a metrics token and real secrets", () => {
    const env = loadServerEnv(PRODUCTION);
    expect(env.TRUST_PROXY).toEqual(["10.0.1.0/24", "10.0.3.0/24"]);
  });

  it("attack: a hop count in TRUST_PROXY (the old AWS setting, 2) would let callers choose their address: refused", () => {
    for (const trustProxy of ["2", "1", "true"]) {
      const attempt = () => loadServerEnv({ ...PRODUCTION, TRUST_PROXY: trustProxy });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/TRUST_PROXY must name the proxies by address/);
    }
    // Outside production a hop count is still accepted (a laptop behind one dev proxy).
    expect(loadServerEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
  });

  it("refuses a TRUST_PROXY entry it cannot read, naming it", () => {
    expect(() => loadServerEnv({ TRUST_PROXY: "10.0.0.0/99" })).toThrow(/TRUST_PROXY/);
  });

  it("attack: /metrics open to the internet for want of a token: production refuses to start without METRICS_TOKEN", () => {
    const { METRICS_TOKEN: _omit, ...withoutToken } = PRODUCTION;
    expect(() => loadServerEnv(withoutToken)).toThrow(/METRICS_TOKEN is not set/);
  });

  it("attack: the development encryption key in production is refused (the worker shares this guard)", () => {
    expect(() =>
      loadServerEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEYS: DEVELOPMENT_DATA_ENCRYPTION_KEYS }),
    ).toThrow(/DATA_ENCRYPTION_KEYS is the development key/);
  });

  it("attack: M-Pesa in production without a decision on callback sources is refused (safaricom, a list, or off)", () => {
    const keys = `k1:${Buffer.alloc(32, 9).toString("base64")}`;
    expect(() => loadServerEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEYS: keys })).toThrow(
      /MPESA_CALLBACK_ALLOWED_IPS is not set/,
    );
    const env = loadServerEnv({
      ...PRODUCTION,
      DATA_ENCRYPTION_KEYS: keys,
      MPESA_CALLBACK_ALLOWED_IPS: "safaricom",
    });
    expect(env.MPESA_CALLBACK_ALLOWED_IPS).toBe("safaricom");
    expect(() =>
      loadServerEnv({
        ...PRODUCTION,
        DATA_ENCRYPTION_KEYS: keys,
        MPESA_CALLBACK_ALLOWED_IPS: "196.201.999.1",
      }),
    ).toThrow(/not an address/);
  });

  it("attack: a plain-http DARAJA_BASE_URL in production is refused", () => {
    expect(() => loadServerEnv({ ...PRODUCTION, DARAJA_BASE_URL: "http://daraja.example" })).toThrow(
      /DARAJA_BASE_URL must be https/,
    );
  });

  it("refuses an origin secret short enough to guess", () => {
    expect(() => loadServerEnv({ ORIGIN_VERIFY_SECRET: "short" })).toThrow(/ORIGIN_VERIFY_SECRET/);
  });
});
