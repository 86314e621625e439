import { createTransport, LkError } from "@lk/sdk/core";
import { download as sdkDownload } from "@lk/sdk/download";
import { lang } from "../core/i18n";

// One transport for the whole portal. The access token lives only in memory (inside the SDK's
// token store); the refresh token is the httpOnly `lk_refresh` cookie, so `credentials: "include"`
// lets the SDK refresh on load and on any 401. Every request carries the UI language so the
// server's problem details come back in it.

export const transport = createTransport({
  baseUrl: "",
  credentials: "include",
  fetch: (input, init) =>
    fetch(input, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), "accept-language": lang() },
    }),
});

type Q = Record<string, string | number | boolean | undefined | null | readonly string[]>;

export interface ListPage<T> {
  data: T[];
  next_cursor: string | null;
}

export const get = <T>(path: string, query?: Q, signal?: AbortSignal) =>
  transport.request<T>("GET", path, { query, ...(signal ? { signal } : {}) });
export const post = <T>(path: string, body?: unknown) => transport.request<T>("POST", path, { body });
export const patch = <T>(path: string, body: unknown) =>
  transport.request<T>("PATCH", path, { body, idempotencyKey: crypto.randomUUID() });
export const put = <T>(path: string, body: unknown) => transport.request<T>("PUT", path, { body });
export const del = (path: string) => transport.request<void>("DELETE", path);

/** GET a list page; the cursor comes from the URL so "next page" survives a reload. */
export const list = <T>(path: string, query: Q = {}, signal?: AbortSignal) =>
  get<ListPage<T>>(path, { limit: 50, ...query }, signal);

/** A route that may not exist yet on this server: `null` instead of a 404/501 error. */
export async function optional<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof LkError && (e.status === 404 || e.status === 501 || e.status === 405)) return null;
    throw e;
  }
}

/**
 * Streams a file from the API and hands it to the browser as a download. `onProgress` hears the
 * bytes received so far (exports of big call sets take a while).
 */
export async function downloadFile(
  path: string,
  query: Q = {},
  fallbackName = "download",
  onProgress?: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<{ name: string; size: number }> {
  const dl = await sdkDownload(transport, path, { query, ...(signal ? { signal } : {}) });
  const reader = dl.stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    onProgress?.(size);
  }
  const name = dl.filename ?? fallbackName;
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: dl.contentType }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return { name, size };
}

/** A human message for any failure: the server's problem detail (already in the UI language). */
export function errorText(e: unknown): string {
  if (e instanceof LkError) {
    const id = e.requestId ? ` (${e.requestId})` : "";
    return `${e.detail ?? e.message}${id}`;
  }
  if (e instanceof Error && e.name === "AbortError") return "";
  return e instanceof Error ? e.message : String(e);
}

/** Field errors of a 400/422, keyed by field name. */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const fields = (e as { fields?: { field: string; message: string }[] }).fields;
  if (Array.isArray(fields)) for (const f of fields) out[f.field.split(".").pop() ?? f.field] = f.message;
  return out;
}

export { LkError };
