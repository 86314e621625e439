import { createTransport, LkError } from "@lk/sdk/core";
import type { Download } from "@lk/sdk/download";
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

export interface ListPage<T> {
  data: T[];
  next_cursor: string | null;
}

/** One page of an SDK list, at the cursor kept in the URL (so "next page" survives a reload). */
export async function page<T>(
  l: { pageAt(cursor: string | null | undefined): Promise<{ data: T[]; nextCursor: string | null }> },
  cursor?: string | null,
): Promise<ListPage<T>> {
  const p = await l.pageAt(cursor);
  return { data: p.data, next_cursor: p.nextCursor };
}

/** The first page's rows of an SDK list. */
export const rows = <T>(l: { firstPage(): Promise<{ data: T[] }> }): Promise<T[]> =>
  l.firstPage().then((p) => p.data);

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
 * Hands a file the SDK is downloading (`lk.documents.pdf(id)`, `lk.calls.export(…)`) to the browser
 * as a download. `onProgress` hears the bytes received so far (exports of big call sets take a while).
 */
export async function saveDownload(
  started: Promise<Download>,
  fallbackName = "download",
  onProgress?: (bytes: number) => void,
): Promise<{ name: string; size: number }> {
  const dl = await started;
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

/**
 * A human message for any failure: the server's problem detail (already in the UI language), with the
 * field messages of a validation error so a form that marks no field still says what to fix. The
 * request id stays out of the text (a bare UUID means nothing to an accountant); it is in the
 * response headers and the server log for support.
 */
export function errorText(e: unknown): string {
  if (e instanceof LkError) {
    const fields = (e as { fields?: { message: string }[] }).fields ?? [];
    const base = e.detail ?? e.message;
    return fields.length ? `${base}: ${fields.map((f) => f.message).join("; ")}` : base;
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
