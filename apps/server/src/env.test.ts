import { describe, expect, it } from "vitest";
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadServerEnv } from "./env";

describe("server configuration", () => {
  it("has working development defaults", () => {
    const env = loadServerEnv({});
    expect(env.PORT).toBe(8000);
    expect(env.corsOrigins).toEqual(["http://localhost:5173"]);
    expect(env.cookieSecure).toBe(false);
    expect(env.RATE_LIMIT_ANONYMOUS_PER_HOUR).toBe(100);
    expect(env.RATE_LIMIT_AUTHENTICATED_PER_HOUR).toBe(1000);
    expect(env.RATE_LIMIT_ASSISTANT_PER_MINUTE).toBe(60);
  });

  it("composes the database and Redis URLs from their parts (as ECS injects them)", () => {
    const env = loadServerEnv({
      DB_HOST: "kavi.cluster.eu-west-1.rds.amazonaws.com",
      DB_USER: "kavi",
      DB_PASSWORD: "p@ss/word",
      DB_NAME: "kavi",
      REDIS_HOST: "master.kavi.cache.amazonaws.com",
      REDIS_PASSWORD: "auth-token",
      REDIS_TLS: "true",
    });
    expect(env.databaseUrl).toBe(
      "postgres://kavi:p%40ss%2Fword@kavi.cluster.eu-west-1.rds.amazonaws.com:5432/kavi",
    );
    expect(env.redisUrl).toBe("rediss://:auth-token@master.kavi.cache.amazonaws.com:6379");
  });

  it("explains invalid values", () => {
    expect(() => loadServerEnv({ PORT: "eighty", JWT_SECRET: "short" })).toThrow(
      /PORT[\s\S]*JWT_SECRET must be at least 32/,
    );
  });

  it("refuses to start in production with development secrets, no CORS list or insecure cookies", () => {
    const attempt = () =>
      loadServerEnv({ NODE_ENV: "production", JWT_SECRET: DEVELOPMENT_JWT_SECRET, COOKIE_SECURE: "false" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/JWT_SECRET is the development secret/);
    expect(attempt).toThrow(/CORS_ORIGINS is empty/);
    expect(attempt).toThrow(/COOKIE_SECURE is false/);
    expect(attempt).toThrow(/APP_URL must be https/);
    const ok = loadServerEnv({
      NODE_ENV: "production",
      JWT_SECRET: "a-real-secret-from-secrets-manager-0123456789",
      CORS_ORIGINS: "https://financegrowth.co.ke,https://www.financegrowth.co.ke",
      APP_URL: "https://financegrowth.co.ke",
      METRICS_TOKEN: "a-metrics-token-from-secrets-manager",
      S3_BUCKET: "kavi-production-uploads",
    });
    expect(ok.cookieSecure).toBe(true);
    expect(ok.corsOrigins).toHaveLength(2);
  });
});
