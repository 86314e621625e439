import { applications } from "@lk/sdk/applications";
import { createTransport } from "@lk/sdk/core";
import { lang } from "../core/i18n";

// The public application form sends documents through the SDK's typed `applications` resource, on
// a transport whose fetch is XMLHttpRequest underneath: the browser's fetch cannot report how much
// of a request body has been sent, and a 20 MB upload without a progress bar looks frozen.

/** A `fetch` over XMLHttpRequest that reports upload progress. */
export function progressFetch(onUpload: (sent: number, total: number) => void): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      xhr.open(init?.method ?? "GET", url);
      xhr.withCredentials = init?.credentials === "include";
      new Headers(init?.headers).forEach((v, k) => {
        xhr.setRequestHeader(k, v);
      });
      xhr.responseType = "arraybuffer";
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onUpload(e.loaded, e.total);
      };
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
          const i = line.indexOf(":");
          if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
        }
        const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
        resolve(new Response(empty ? null : xhr.response, { status: xhr.status, headers }));
      };
      xhr.onerror = () => reject(new TypeError("Network error"));
      xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
      init?.signal?.addEventListener("abort", () => xhr.abort());
      xhr.send((init?.body ?? null) as XMLHttpRequestBodyInit | null);
    });
}

/** The `applications` resource on a transport that reports upload progress (never retried: not idempotent). */
export const applicationsWithProgress = (onUpload: (sent: number, total: number) => void) =>
  applications(
    createTransport({
      baseUrl: "",
      maxRetries: 0,
      timeoutMs: 120_000,
      fetch: (input, init) =>
        progressFetch(onUpload)(input, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), "accept-language": lang() },
        }),
    }),
  );

/** The same resource for small JSON calls (the status page). */
export const publicApplications = () => applicationsWithProgress(() => {});
