import type { CallOptions, Transport } from "./core/transport";

/** A file being downloaded: read `stream` once (pipe it, or `new Response(stream).blob()`). */
export interface Download {
  stream: ReadableStream<Uint8Array>;
  filename: string | undefined;
  contentType: string;
  /** Bytes, when the server sent Content-Length (not for streamed exports). */
  size?: number;
}

/** Picks the file name from Content-Disposition, preferring RFC 5987 `filename*=UTF-8''…`. */
export function parseFilename(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star?.[2]) {
    try {
      return decodeURIComponent(star[2].trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(disposition);
  return plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2]?.trim();
}

/**
 * GETs (or POSTs, for exports with a body) a binary resource and hands back its stream as soon as the
 * headers arrive; the per-attempt timeout stops there, the caller's signal keeps working.
 */
export async function download(
  t: Transport,
  path: string,
  init: { method?: string; query?: object; body?: unknown } & CallOptions = {},
): Promise<Download> {
  const { method = "GET", ...rest } = init;
  const res = await t.request(method, path, {
    ...rest,
    raw: true,
    headers: { accept: "*/*", ...rest.headers },
  });
  const length = res.headers.get("content-length");
  return {
    stream: res.body ?? new ReadableStream({ start: (c) => c.close() }),
    filename: parseFilename(res.headers.get("content-disposition")),
    contentType: res.headers.get("content-type") ?? "application/octet-stream",
    ...(length === null ? {} : { size: Number(length) }),
  };
}
