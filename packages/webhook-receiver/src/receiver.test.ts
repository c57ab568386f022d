import { request } from "node:http";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "./receiver";

const SECRET = `whsec_${Buffer.from("a-test-secret-of-thirty-two-byte").toString("base64")}`;
let receiver: WebhookReceiver | null = null;

afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

function signed(body: string, secret = SECRET, id = "msg_1") {
  const at = new Date();
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}

describe("the local webhook receiver", () => {
  it("keeps deliveries and checks their signatures with the standardwebhooks verifier", async () => {
    receiver = await startWebhookReceiver();
    receiver.setSecret("/hooks/shop", SECRET);
    const body = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: {} });
    const good = await fetch(`${receiver.url}/hooks/shop`, { method: "POST", headers: signed(body), body });
    expect(good.status).toBe(200);
    const forged = signed(
      body,
      `whsec_${Buffer.from("another-secret-of-thirty-two-byt").toString("base64")}`,
    );
    await fetch(`${receiver.url}/hooks/shop`, { method: "POST", headers: forged, body });
    const [latest, first] = receiver.deliveries();
    expect(first?.verification).toEqual({ state: "verified" });
    expect(latest?.verification.state).toBe("invalid");
    // Unknown path: kept, not checked.
    await fetch(`${receiver.url}/elsewhere`, { method: "POST", headers: signed(body), body });
    expect(receiver.deliveries()[0]?.verification).toEqual({ state: "no-secret" });
  });

  it("checks earlier deliveries again when their secret arrives later", async () => {
    receiver = await startWebhookReceiver();
    const body = '{"type":"invoice.paid"}';
    await fetch(`${receiver.url}/later`, { method: "POST", headers: signed(body), body });
    expect(receiver.deliveries()[0]?.verification).toEqual({ state: "no-secret" });
    receiver.setSecret("/later", SECRET);
    expect(receiver.deliveries()[0]?.verification).toEqual({ state: "verified" });
  });

  it("fails the next deliveries to a path on request, then answers 200", async () => {
    receiver = await startWebhookReceiver();
    const control = await fetch(`${receiver.url}/_receiver/failures`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/flaky", count: 2, status: 503 }),
    });
    expect(control.status).toBe(200);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      statuses.push((await fetch(`${receiver.url}/flaky`, { method: "POST", body: "{}" })).status);
    }
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("attack: the inbox escapes what it shows, and answers only on local host names", async () => {
    receiver = await startWebhookReceiver();
    const body = '{"type":"<script>alert(1)</script>"}';
    await fetch(`${receiver.url}/x`, { method: "POST", body });
    const page = await (await fetch(`${receiver.url}/`)).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&#60;script&#62;");
    // fetch will not send another Host header; a DNS-rebinding page's request would carry its own name.
    const port = receiver.port;
    const status = await new Promise<number>((resolve, reject) => {
      const options = {
        host: "127.0.0.1",
        port,
        path: "/_receiver/deliveries",
        headers: { host: "evil.example" },
      };
      request(options, (answer) => {
        answer.resume();
        resolve(answer.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(403);
  });
});
