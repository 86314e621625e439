import type { MiddlewareHandler } from "hono";

const COMPRESSIBLE =
  /^(application\/(json|problem\+json|javascript)|text\/(javascript|html|css|plain)|image\/svg\+xml)/i;
/** JSON answers are built in memory: their size is known once read, so small ones go as they are. */
const BUFFERED = /^application\/(problem\+)?json/i;
const THRESHOLD = 1024;

/**
 * gzip for answers of THRESHOLD bytes and more when the client accepts it: JSON lists and reports,
 * /openapi.json (≈ 280 KB → ≈ 30 KB), the portal's and the widgets' scripts and styles. Most API
 * calls answer less than 1 KiB and go untouched (no CPU spent); downloads (PDF, ZIP, XLSX, CSV
 * exports that stream) are not in the list. hono/compress would gzip every JSON answer, as c.json
 * sets no Content-Length.
 */
export function compression(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method === "HEAD" || !/\bgzip\b/i.test(c.req.header("accept-encoding") ?? "")) return;
    const res = c.res;
    const type = res.headers.get("content-type") ?? "";
    if (!res.body || !COMPRESSIBLE.test(type) || res.headers.has("content-encoding")) return;
    if (/no-transform/i.test(res.headers.get("cache-control") ?? "")) return;
    const declared = res.headers.get("content-length");
    if (declared !== null && Number(declared) < THRESHOLD) return;
    let body: ReadableStream<Uint8Array> = res.body;
    if (declared === null && BUFFERED.test(type)) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.byteLength < THRESHOLD) {
        c.res = new Response(bytes, res);
        return;
      }
      body = new Blob([bytes]).stream();
    }
    const headers = new Headers(res.headers);
    headers.delete("content-length");
    headers.set("content-encoding", "gzip");
    headers.append("vary", "Accept-Encoding");
    c.res = undefined as unknown as Response; // replace, not merge, the headers
    const gzip = new CompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    c.res = new Response(body.pipeThrough(gzip), {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
  };
}
