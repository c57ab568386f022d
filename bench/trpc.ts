import { deserializeFromWire, serializeForWire } from "@kavi/domain";
import { Pool } from "undici";

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
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${body.slice(0, 300)}`);
  }

  async query<T>(path: string, input: unknown): Promise<T> {
    const response = await this.pool.request({
      method: "GET",
      path: this.queryPath(path, input),
      headers: this.headers(),
    });
    return this.parse<T>(response.statusCode, await response.body.text());
  }

  async mutation<T>(path: string, input: unknown): Promise<T> {
    const response = await this.pool.request({
      method: "POST",
      path: `/api/trpc/${path}`,
      headers: this.headers(),
      body: JSON.stringify(serializeForWire(input)),
    });
    return this.parse<T>(response.statusCode, await response.body.text());
  }

  private parse<T>(status: number, body: string): T {
    if (status !== 200) throw new Error(`HTTP ${status}: ${body.slice(0, 500)}`);
    const parsed = JSON.parse(body) as { result: { data: unknown } };
    return deserializeFromWire(parsed.result.data) as T;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
