import { createServer } from "node:net";
import nodemailer, { type SendMailOptions } from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MailCatcher, PortInUseError, startMailCatcher } from "./mail-catcher";

let catcher: MailCatcher;

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});

afterAll(async () => {
  await catcher.close();
});

beforeEach(() => {
  catcher.clear();
});

function send(message: SendMailOptions) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: catcher.smtpPort, secure: false });
  return transport
    .sendMail({ from: "KAVI <no-reply@kavi.test>", ...message })
    .finally(() => transport.close());
}

function api(path: string, init?: RequestInit) {
  return fetch(new URL(path, catcher.url), init);
}

// A few bytes of a real PDF header plus every byte value, so any text re-encoding would show.
const PDF_BYTES = Buffer.concat([
  Buffer.from("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", "latin1"),
  Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
]);

describe("catching mail over SMTP", () => {
  it("keeps a plain-text message with its envelope and headers", async () => {
    await send({ to: "wanjiru@duka.test", subject: "Karibu", text: "Habari ya asubuhi" });

    const [message] = catcher.messages();
    expect(message).toMatchObject({
      from: '"KAVI" <no-reply@kavi.test>',
      to: ["wanjiru@duka.test"],
      subject: "Karibu",
      html: null,
      attachments: [],
    });
    expect(message?.text.trim()).toBe("Habari ya asubuhi");
    expect(message?.headers.subject).toBe("Karibu");
    expect(message?.date).toBeInstanceOf(Date);
  });

  it("keeps the HTML part", async () => {
    await send({
      to: "a@duka.test",
      subject: "Invoice",
      html: "<p>Pay <b>KES 1,200</b></p>",
      text: "Pay KES 1,200",
    });

    const [message] = catcher.messages();
    expect(message?.html).toContain("<b>KES 1,200</b>");
    expect(message?.text.trim()).toBe("Pay KES 1,200");
  });

  it("preserves attachment bytes exactly", async () => {
    await send({
      to: "a@duka.test",
      subject: "Statement",
      text: "Attached.",
      attachments: [{ filename: "statement.pdf", content: PDF_BYTES, contentType: "application/pdf" }],
    });

    const attachment = catcher.messages()[0]?.attachments[0];
    expect(attachment).toMatchObject({
      filename: "statement.pdf",
      contentType: "application/pdf",
      size: PDF_BYTES.length,
    });
    expect(attachment?.content.equals(PDF_BYTES)).toBe(true);
  });

  it("lists every envelope recipient, Bcc included", async () => {
    await send({
      to: ["one@duka.test", "two@duka.test"],
      cc: "three@duka.test",
      bcc: "hidden@duka.test",
      subject: "Team",
      text: "Hello all",
    });

    expect(catcher.messages()[0]?.to.toSorted()).toEqual([
      "hidden@duka.test",
      "one@duka.test",
      "three@duka.test",
      "two@duka.test",
    ]);
  });

  it("accepts any credentials a client offers", async () => {
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: catcher.smtpPort,
      secure: false,
      auth: { user: "whoever", pass: "whatever" },
    });
    await transport.sendMail({ from: "a@kavi.test", to: "b@duka.test", subject: "Auth", text: "ok" });
    transport.close();
    expect(catcher.messages()[0]?.subject).toBe("Auth");
  });

  it("drops the oldest messages beyond maxMessages", async () => {
    const small = await startMailCatcher({ maxMessages: 2 });
    try {
      for (const subject of ["first", "second", "third"]) {
        const transport = nodemailer.createTransport({ host: "127.0.0.1", port: small.smtpPort });
        await transport.sendMail({ from: "a@kavi.test", to: "b@duka.test", subject, text: subject });
        transport.close();
      }
      expect(small.messages().map((message) => message.subject)).toEqual(["third", "second"]);
    } finally {
      await small.close();
    }
  });
});

describe("waitForMessage", () => {
  it("resolves when a matching message arrives", async () => {
    const waiting = catcher.waitForMessage((message) => message.to.includes("late@duka.test"), {
      timeoutMs: 5000,
    });
    await send({ to: "other@duka.test", subject: "Not this one", text: "x" });
    await send({ to: "late@duka.test", subject: "This one", text: "y" });

    await expect(waiting).resolves.toMatchObject({ subject: "This one" });
  });

  it("resolves at once with a message already caught", async () => {
    await send({ to: "early@duka.test", subject: "Already here", text: "z" });
    const message = await catcher.waitForMessage((candidate) => candidate.subject === "Already here");
    expect(message.to).toEqual(["early@duka.test"]);
  });

  it("rejects with a helpful message when nothing matches in time", async () => {
    await send({ to: "x@duka.test", subject: "Something else", text: "z" });
    await expect(
      catcher.waitForMessage((message) => message.subject === "Never", { timeoutMs: 50 }),
    ).rejects.toThrow(/No matching email arrived within 50 ms.*"Something else" to x@duka.test/);
  });
});

describe("HTTP API", () => {
  it("lists messages newest first with attachment links, and serves one message", async () => {
    await send({ to: "a@duka.test", subject: "Older", text: "1" });
    await send({
      to: "b@duka.test",
      subject: "Newer",
      html: "<p>hi</p>",
      attachments: [{ filename: "r.pdf", content: PDF_BYTES }],
    });

    const response = await api("/api/messages");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const list = (await response.json()) as { id: string; subject: string; attachments: { url: string }[] }[];
    expect(list.map((message) => message.subject)).toEqual(["Newer", "Older"]);

    const newest = list[0];
    if (!newest) throw new Error("expected a message");
    const one = await api(`/api/messages/${newest.id}`);
    expect(await one.json()).toMatchObject({ subject: "Newer", to: ["b@duka.test"], html: "<p>hi</p>" });

    const html = await api(`/api/messages/${newest.id}/html`);
    expect(await html.text()).toBe("<p>hi</p>");
    expect(html.headers.get("content-security-policy")).toMatch(/^sandbox/);

    const attachmentUrl = newest.attachments[0]?.url;
    if (!attachmentUrl) throw new Error("expected an attachment");
    const attachment = await api(attachmentUrl);
    expect(attachment.headers.get("content-disposition")).toContain('filename="r.pdf"');
    expect(Buffer.from(await attachment.arrayBuffer()).equals(PDF_BYTES)).toBe(true);
  });

  it("changes the ETag when mail arrives, and clears with DELETE", async () => {
    const before = (await api("/api/messages", { method: "HEAD" })).headers.get("etag");
    await send({ to: "a@duka.test", subject: "One", text: "1" });
    const after = (await api("/api/messages", { method: "HEAD" })).headers.get("etag");
    expect(after).not.toBe(before);

    expect((await api("/api/messages", { method: "DELETE" })).status).toBe(204);
    expect(await (await api("/api/messages")).json()).toEqual([]);
    expect(catcher.messages()).toEqual([]);
  });

  it("answers 404 for unknown messages, parts and attachments", async () => {
    await send({ to: "a@duka.test", subject: "Plain", text: "1" });
    const id = catcher.messages()[0]?.id ?? "";
    for (const path of [
      "/api/messages/nope",
      `/api/messages/${id}/html`,
      `/api/messages/${id}/attachments/0`,
      "/nowhere",
    ]) {
      const response = await api(path);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toHaveProperty("error");
    }
  });

  it("refuses requests for another host name (DNS rebinding)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`${catcher.url}/api/messages`, { headers: { host: "evil.example:1080" } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(403);
  });
});

describe("inbox page", () => {
  const hostile = `<script>alert("owned")</script>`;

  it("escapes message content in the list and in the message view", async () => {
    await send({
      from: `"${hostile}" <evil@duka.test>`,
      to: "a@duka.test",
      subject: hostile,
      text: hostile,
      html: `<p>hello</p>${hostile}<img src=x onerror="alert(1)">`,
    });
    const id = catcher.messages()[0]?.id ?? "";

    for (const path of ["/", `/?id=${id}`, `/?id=${id}&view=text`, `/?id=${id}&view=headers`]) {
      const response = await api(path);
      expect(response.headers.get("content-type")).toContain("text/html");
      const page = await response.text();
      expect(page, path).toContain("&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;");
      expect(page, path).not.toContain(hostile);
      expect(page, path).not.toContain('onerror="alert');
      // The page's only script is its own, allowed by a per-response nonce.
      const scripts = page.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts, path).toHaveLength(1);
      expect(response.headers.get("content-security-policy"), path).toMatch(/script-src 'nonce-[^']+'/);
    }

    const viewer = await (await api(`/?id=${id}`)).text();
    expect(viewer).toMatch(/<iframe[^>]+sandbox="allow-popups allow-popups-to-escape-sandbox"[^>]+srcdoc="/);
  });

  it("shows where to send mail when the inbox is empty", async () => {
    const page = await (await api("/")).text();
    expect(page).toContain(`smtp://127.0.0.1:${catcher.smtpPort}`);
  });
});

describe("start-up", () => {
  it("reports a busy port clearly", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(startMailCatcher({ smtpPort: port })).rejects.toBeInstanceOf(PortInUseError);
      await expect(startMailCatcher({ httpPort: port })).rejects.toThrow(`HTTP port ${port}`);
    } finally {
      blocker.close();
    }
  });
});
