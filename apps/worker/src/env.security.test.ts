import { DEVELOPMENT_DATA_ENCRYPTION_KEYS } from "@kavi/security";
import { describe, expect, it } from "vitest";
import { ConfigError, loadWorkerEnv } from "./env";

const PRODUCTION = {
  NODE_ENV: "production",
  APP_URL: "https://financegrowth.co.ke",
  API_PUBLIC_URL: "https://api.financegrowth.co.ke",
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
  S3_BUCKET: "kavi-production-uploads",
};

describe("security: worker configuration", () => {
  it("starts in production without a JWT secret: the worker signs no tokens", () => {
    expect(loadWorkerEnv(PRODUCTION).NODE_ENV).toBe("production");
  });

  it("attack: a worker deployed with the development encryption key is refused, as the server would be", () => {
    const attempt = () =>
      loadWorkerEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEYS: DEVELOPMENT_DATA_ENCRYPTION_KEYS });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /Refusing to start the worker in production[\s\S]*DATA_ENCRYPTION_KEYS is the development key/,
    );
  });

  it("refuses a malformed keyring at boot, not at the first M-Pesa job", () => {
    expect(() => loadWorkerEnv({ DATA_ENCRYPTION_KEYS: "k1:too-short" })).toThrow(/32 bytes/);
  });

  it("applies the server's production guards to the URLs it builds links and callbacks from", () => {
    expect(() => loadWorkerEnv({ ...PRODUCTION, APP_URL: "http://financegrowth.co.ke" })).toThrow(
      /APP_URL must be https/,
    );
    expect(() => loadWorkerEnv({ ...PRODUCTION, API_PUBLIC_URL: "http://api.financegrowth.co.ke" })).toThrow(
      /API_PUBLIC_URL must be https/,
    );
  });
});
