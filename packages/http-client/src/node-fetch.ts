import { STATUS_CODES } from "node:http";
import { Agent, type Dispatcher, request } from "undici";
import { traced } from "./traced";

/**
 * The subset of `fetch` our server-to-server JSON calls use (the API → acquirer requests, the
 * acquirer's notifications), over undici's `request` — the same client as Node's global fetch
 * without its WHATWG layer. The global fetch costs about as much CPU per small request as the
 * rest of a payment's handling in the calling process (streams for the body, AbortSignal
 * plumbing, Request/Response objects), and the callers read the whole small body anyway. Same
 * semantics for them: the method, headers and string body go out as given, the answer is a
 * `Response` with its status, headers and full body; a network error or an aborted `signal`
 * rejects. Redirects are not followed (none are expected). Traced (`traced`) when tracing is on.
 */
export const nodeFetch = traced((async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
  const body = init.body ?? undefined;
  if (body !== undefined && typeof body !== "string")
    throw new TypeError("nodeFetch: only string bodies are supported");
  const url = typeof input === "string" ? input : input.href;
  const method = (init.method ?? "GET").toUpperCase() as Dispatcher.HttpMethod;
  const res = await request(url, {
    method,
    headers: headerObject(init.headers),
    ...(body !== undefined ? { body } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
    dispatcher,
  });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const status = res.statusCode;
  const empty = status === 204 || status === 304 || method === "HEAD";
  return new BufferedResponse(
    empty ? Buffer.alloc(0) : bytes,
    status,
    STATUS_CODES[status] ?? "",
    rawHeadersOf(res.headers),
    url,
  ) as unknown as Response;
}) as typeof fetch);

// Idle sockets are dropped after 4 s (undici's default), before a peer's usual 5 s keep-alive
// timeout, so a request is rarely sent on a socket the server is closing.
const dispatcher = new Agent({ keepAliveTimeout: 4_000 });

function headerObject(h: RequestInit["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers || Array.isArray(h)) for (const [k, v] of h) out[k.toLowerCase()] = v;
  else for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function rawHeadersOf(headers: Record<string, string | string[] | undefined>): string[] {
  const raw: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) raw.push(k, one);
  }
  return raw;
}

/**
 * The answer, already read in full: the `Response` members callers use (status, headers, the body
 * as text, JSON, bytes or a stream), without building a WHATWG Response and its body stream for
 * every call (with @hono/node-server's lightweight globals, any body access builds one).
 */
class BufferedResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = "basic";
  #used = false;
  #headers: Headers | undefined;
  constructor(
    private readonly bytesOf: Buffer,
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: string[],
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  get headers(): Headers {
    if (!this.#headers) {
      const pairs: [string, string][] = [];
      for (let i = 0; i < this.rawHeaders.length; i += 2)
        pairs.push([this.rawHeaders[i]!, this.rawHeaders[i + 1]!]);
      this.#headers = new Headers(pairs);
    }
    return this.#headers;
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  get body(): ReadableStream<Uint8Array> | null {
    if (this.bytesOf.length === 0) return null;
    return new Blob([new Uint8Array(this.take())]).stream();
  }
  private take(): Buffer {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.bytesOf;
  }
  async text(): Promise<string> {
    return this.take().toString("utf8");
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }
  async blob(): Promise<Blob> {
    return new Blob([new Uint8Array(this.take())], { type: this.headers.get("content-type") ?? "" });
  }
  clone(): BufferedResponse {
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.bytesOf, this.status, this.statusText, this.rawHeaders, this.url);
  }
}
