import http from "node:http";
import https from "node:https";

/**
 * The subset of `fetch` our server-to-server JSON calls use (the API → acquirer requests, the
 * acquirer's notifications), over node:http with keep-alive agents. Node's global fetch (undici)
 * costs about as much CPU per small request as the rest of a payment's handling in the calling
 * process — WHATWG streams for the body, AbortSignal plumbing, Request/Response objects — and
 * the callers read the whole small body anyway. Same semantics for them: the method, headers and
 * string body go out as given, the answer is a `Response` with its status, headers and full body;
 * a network error or an aborted `signal` rejects. Redirects are not followed (none are expected).
 */
export const nodeFetch = ((input: string | URL, init: RequestInit = {}): Promise<Response> =>
  new Promise<Response>((resolve, reject) => {
    const url = typeof input === "string" ? new URL(input) : input;
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(signal.reason);
    const body = init.body ?? undefined;
    if (body !== undefined && typeof body !== "string")
      return reject(new TypeError("nodeFetch: only string bodies are supported"));
    const headers = headerObject(init.headers);
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const tls = url.protocol === "https:";
    const req = (tls ? https : http).request(url, {
      method: init.method ?? "GET",
      headers,
      agent: tls ? httpsAgent : httpAgent,
    });
    const onAbort = () => req.destroy(signal?.reason ?? new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    req.on("error", (e) => {
      done();
      reject(e);
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e) => {
        done();
        reject(e);
      });
      res.on("end", () => {
        done();
        const status = res.statusCode ?? 0;
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        const empty = status === 204 || status === 304 || init.method === "HEAD";
        resolve(
          new Response(empty ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? "",
            headers: pairs,
          }),
        );
      });
    });
    req.end(body);
  })) as typeof fetch;

// An idle socket is dropped after 4 s (as undici does), before the peer's usual 5 s keep-alive
// timeout, so a request is rarely sent on a socket the server is closing.
const httpAgent = new http.Agent({ keepAlive: true, timeout: 4_000 });
const httpsAgent = new https.Agent({ keepAlive: true, timeout: 4_000 });

function headerObject(h: RequestInit["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers || Array.isArray(h)) for (const [k, v] of h) out[k.toLowerCase()] = v;
  else for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
