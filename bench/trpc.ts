import { deserializeFromWire, serializeForWire } from "@kavi/domain";
import { Pool } from "undici";

/** A non-200 answer, with what a client needs to decide whether to send again (503 + Retry-After). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    body: string,
    /** Seconds from the Retry-After header, when the server sent one. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

function retryAfterOf(headers: Record<string, string | string[] | undefined>): number | null {
  const value = Number(headers["retry-after"]);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** A keep-alive HTTP client speaking tRPC's wire format (KAVI's transformer, non-batched). */
export class TrpcHttpClient {
  readonly pool: Pool;
  accessToken: string | null = null;

  constructor(
    readonly baseUrl: string,
    connections: number,
  ) {
    this.pool = new Pool(baseUrl, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  queryPath(path: string, input: unknown): string {
    return `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(serializeForWire(input)))}`;
  }

  private headers(): Record<string, string> {
    return {
      "content-type": "application/json",
      ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}),
    };
  }

  /** Sends a prepared query path and reads the whole answer (what a browser would). */
  async getRaw(path: string, extraHeaders: Record<string, string> = {}): Promise<void> {
    const response = await this.pool.request({
      method: "GET",
      path,
      headers: { ...this.headers(), ...extraHeaders },
    });
    const body = await response.body.text();
    if (response.statusCode !== 200)
      throw new HttpStatusError(response.statusCode, body, retryAfterOf(response.headers));
  }

  async query<T>(path: string, input: unknown): Promise<T> {
    const response = await this.pool.request({
      method: "GET",
      path: this.queryPath(path, input),
      headers: this.headers(),
    });
    return this.parse<T>(response.statusCode, await response.body.text(), response.headers);
  }

  async mutation<T>(path: string, input: unknown): Promise<T> {
    const response = await this.pool.request({
      method: "POST",
      path: `/api/trpc/${path}`,
      headers: this.headers(),
      body: JSON.stringify(serializeForWire(input)),
    });
    return this.parse<T>(response.statusCode, await response.body.text(), response.headers);
  }

  private parse<T>(status: number, body: string, headers: Record<string, string | string[] | undefined>): T {
    if (status !== 200) throw new HttpStatusError(status, body, retryAfterOf(headers));
    const parsed = JSON.parse(body) as { result: { data: unknown } };
    return deserializeFromWire(parsed.result.data) as T;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
