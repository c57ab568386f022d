import { createCaller, createContext } from "@kavi/api";
import { insertCustomer, MemoryCookieJar, sampleDraft } from "@kavi/api/testing";
import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpOverHttp, startTestServer, type TestServer } from "../testing";

let server: TestServer;

async function callerFor(accessToken: string | null) {
  return createCaller(
    await createContext(server.resources.services, {
      requestId: "pdf-route-test",
      ip: "198.51.100.20",
      userAgent: "vitest",
      authorization: accessToken ? `Bearer ${accessToken}` : null,
      cookies: new MemoryCookieJar(),
      setHeader: () => undefined,
    }),
  );
}

beforeAll(async () => {
  server = await startTestServer({
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRun().redisUrl,
    REDIS_PREFIX: createTestRedisPrefix(),
    CORS_ORIGINS: "http://localhost:5173",
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
  });
});
afterAll(async () => {
  await server.close();
});

describe("GET /api/public/invoices/:token/pdf", () => {
  it("serves an issued invoice's PDF by its token, and nothing for a draft or a wrong token", async () => {
    const signedUp = await signUpOverHttp(server, {
      fullName: "Wanjiku Kamau",
      email: `pdf.route.${Date.now()}@example.co.ke`,
      password: "Tamu-Chai-Ya-Asubuhi-42",
    });
    const owner = await callerFor(signedUp.accessToken);
    const business = await owner.business.create({ legalName: "Mandazi Bakers Ltd", country: "KE" });
    const customer = await insertCustomer(server.resources.services.db, business.id);
    const draft = await owner.invoices.create({ businessId: business.id, ...sampleDraft(customer.id) });

    const hidden = await fetch(`${server.url}/api/public/invoices/${draft.publicToken}/pdf`);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ error: "not_found" });

    const issued = await owner.invoices.issue({ businessId: business.id, invoiceId: draft.id });
    const response = await fetch(`${server.url}/api/public/invoices/${draft.publicToken}/pdf?download=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="${issued.invoiceNumber}.pdf"`,
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

    expect((await fetch(`${server.url}/api/public/invoices/${"x".repeat(43)}/pdf`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/public/invoices/short/pdf`)).status).toBe(400);
  });
});
