import { vi } from "vitest";

/*
 * Unit-test stand-in for the public API at the fetch boundary (the only thing faked in widget unit
 * tests). Routes answer by "METHOD /path"; every call is recorded with its headers and body.
 */
export interface Call {
  method: string;
  path: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}
export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> } | "network-error";
export type Route = (call: Call) => Reply | Promise<Reply>;

export function fakeFetch(routes: Record<string, Route>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = (init?.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init?.headers ?? {}) as Record<string, string>))
      headers[k.toLowerCase()] = v;
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const call = { method, path: url.pathname, url, headers, body };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    const reply: Reply = route ? await route(call) : { status: 404, body: { code: "not_found", detail: "" } };
    if (reply === "network-error") throw new TypeError("Failed to fetch");
    const status = reply.status ?? 200;
    const type = status >= 400 ? "application/problem+json" : "application/json";
    return new Response(JSON.stringify(reply.body ?? {}), {
      status,
      headers: { "Content-Type": type, ...reply.headers },
    });
  });
  vi.stubGlobal("fetch", fn);
  return { calls, fn, of: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key) };
}

/** A problem+json error body as the API sends it. */
export function problem(status: number, code: string, detail: string, errors?: unknown[]) {
  return {
    status,
    body: { type: "about:blank", title: code, status, detail, code, requestId: "req_1", errors },
  };
}

/** Polls until `check` passes (or throws its last error after `timeout` ms). */
export async function waitFor<T>(check: () => T, timeout = 2000): Promise<NonNullable<T>> {
  const start = Date.now();
  for (;;) {
    try {
      const v = check();
      if (v === false || v === null || v === undefined) throw new Error("waitFor: condition is falsy");
      return v as NonNullable<T>;
    } catch (e) {
      if (Date.now() - start > timeout) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** Types into an input inside a shadow root the way a user would (input event). */
export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
}
