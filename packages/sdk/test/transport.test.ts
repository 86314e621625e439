import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  createTransport,
  LkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  type TransportOptions,
  ValidationError,
} from "../src/core/index";
import { drop, hang, json, problem, startServer, type TestServer } from "./helpers/server";

let srv: TestServer;
const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const client = (o: TransportOptions = {}) => createTransport({ baseUrl: srv.url, retry: fast, ...o });
const ok = { ok: true };

beforeAll(async () => {
  srv = await startServer({
    "/flaky": (_q, res, n) => (n < 2 ? problem(res, 503) : json(res, 200, ok)),
    "/always-500": (_q, res) => problem(res, 500, { code: "internal" }),
    "/teapot-501": (_q, res) => problem(res, 501),
    "/busy": (_q, res, n) => (n === 0 ? problem(res, 429, {}, { "retry-after": "1" }) : json(res, 200, ok)),
    "/busy-long": (_q, res) => problem(res, 429, {}, { "retry-after": "3600" }),
    "/in-progress": (_q, res, n) =>
      n === 0
        ? problem(res, 409, { code: "idempotency_in_progress" }, { "retry-after": "0" })
        : json(res, 201, ok),
    "/business-409": (_q, res) => problem(res, 409, { code: "insufficient_funds" }),
    "/hang": hang,
    "/hang-once": (q, res, n) => (n === 0 ? hang(q, res, n) : json(res, 200, ok)),
    "/drop-once": (q, res, n) => (n === 0 ? drop(q, res, n) : json(res, 200, ok)),
    "/drop": drop,
    "/echo": (q, res) => json(res, 200, { method: q.method, key: q.headers["idempotency-key"] ?? null }),
    "/echo-flaky": (q, res, n) =>
      n < 2 ? problem(res, 502) : json(res, 200, { key: q.headers["idempotency-key"] ?? null }),
    "/upload": (q, res) =>
      json(res, 200, { type: q.headers["content-type"], hasFile: q.body.includes('filename="scan.pdf"') }),
    "/query": (q, res) => json(res, 200, Object.fromEntries([...q.url.searchParams.entries()])),
    "/multi": (q, res) => json(res, 200, q.url.searchParams.getAll("id")),
    "/empty": (_q, res) => {
      res.writeHead(204, { "x-request-id": "r" });
      res.end();
    },
    "/not-json": (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{oops");
    },
    "/invalid": (_q, res) =>
      problem(res, 422, {
        code: "validation_failed",
        detail: "Некорректные данные",
        requestId: "req_body",
        errors: [
          { field: "amount", code: "too_small", message: "must be positive" },
          { field: "accounts[0].id", code: "required", message: "required" },
        ],
      }),
  });
});
afterAll(() => srv.close());

describe("retries", () => {
  it("retries 5xx and succeeds, counting attempts", async () => {
    const t = client();
    await expect(t.request("GET", "/flaky")).resolves.toEqual(ok);
    expect(srv.hits("/flaky")).toHaveLength(3);
  });

  it("gives up after maxRetries with a ServerError", async () => {
    const t = client({ maxRetries: 2 });
    const err = await t.request("GET", "/always-500").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ status: 500, code: "internal", requestId: "req_hdr" });
    expect(srv.hits("/always-500")).toHaveLength(3);
  });

  it("does not retry 501 or a 4xx", async () => {
    const t = client();
    await expect(t.request("GET", "/teapot-501")).rejects.toBeInstanceOf(ServerError);
    await expect(t.request("GET", "/invalid")).rejects.toBeInstanceOf(ValidationError);
    expect(srv.hits("/teapot-501")).toHaveLength(1);
    expect(srv.hits("/invalid")).toHaveLength(1);
  });

  it("retries a 409 while the same key is in progress, never a business conflict", async () => {
    const t = client();
    await expect(t.request("POST", "/in-progress")).resolves.toEqual(ok);
    expect(srv.hits("/in-progress")).toHaveLength(2);
    const err = await t.request("POST", "/business-409").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: "insufficient_funds" });
    expect(srv.hits("/business-409")).toHaveLength(1);
  });

  it("honours Retry-After seconds", async () => {
    const t0 = performance.now();
    await expect(client().request("GET", "/busy")).resolves.toEqual(ok);
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(2500);
  });

  it("fails at once with RateLimitError when Retry-After is past the deadline", async () => {
    const t0 = performance.now();
    const err = await client({ deadlineMs: 5_000 })
      .request("GET", "/busy-long")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(3600);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(srv.hits("/busy-long")).toHaveLength(1);
  });

  it("retries a dropped connection, then reports ConnectionError when it keeps dropping", async () => {
    await expect(client().request("GET", "/drop-once")).resolves.toEqual(ok);
    const err = await client({ maxRetries: 1 })
      .request("GET", "/drop")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(srv.hits("/drop")).toHaveLength(2);
  });
});

describe("timeouts, deadline and abort", () => {
  it("times out one attempt", async () => {
    const t0 = performance.now();
    const err = await client({ timeoutMs: 100, maxRetries: 0 })
      .request("GET", "/hang")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("retries after a timed-out attempt", async () => {
    await expect(client({ timeoutMs: 150 }).request("GET", "/hang-once")).resolves.toEqual(ok);
    expect(srv.hits("/hang-once")).toHaveLength(2);
  });

  it("stops retrying at the overall deadline", async () => {
    const before = srv.hits("/hang").length;
    const t0 = performance.now();
    const err = await client({ timeoutMs: 200, deadlineMs: 500, maxRetries: 50 })
      .request("GET", "/hang")
      .catch((e: unknown) => e);
    const elapsed = performance.now() - t0;
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(/deadline/);
    expect(elapsed).toBeGreaterThanOrEqual(480);
    expect(elapsed).toBeLessThan(900);
    const attempts = srv.hits("/hang").length - before;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(4);
  });

  it("does not start a backoff sleep that would end past the deadline", async () => {
    const before = srv.hits("/always-500").length;
    const t0 = performance.now();
    const err = await client({
      deadlineMs: 300,
      maxRetries: 10,
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
    })
      .request("GET", "/always-500")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    // Each sleep is random in [0, 10 s): one that fits in 300 ms is possible but rare; none may overrun.
    expect(performance.now() - t0).toBeLessThan(600);
    expect(srv.hits("/always-500").length - before).toBeGreaterThanOrEqual(1);
  });

  it("cancels with the caller's AbortSignal and does not retry", async () => {
    const before = srv.hits("/hang").length;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await client()
      .request("GET", "/hang", { signal: ac.signal })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    await new Promise((r) => setTimeout(r, 50));
    expect(srv.hits("/hang").length - before).toBe(1);
  });

  it("cancels a backoff sleep too", async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(new Error("stop")), 100);
    const err = await client()
      .request("GET", "/busy-long", { signal: ac.signal, deadlineMs: 1e7 })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe("stop");
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("rejects at once on an already aborted signal", async () => {
    const before = srv.seen.length;
    await expect(client().request("GET", "/echo", { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(srv.seen.length).toBe(before);
  });
});

describe("idempotency keys", () => {
  it("gives every POST a UUID key, and none to GET", async () => {
    const t = client();
    const post = await t.request<{ key: string }>("POST", "/echo", { body: {} });
    expect(post.key).toMatch(/^[0-9a-f-]{36}$/);
    const post2 = await t.request<{ key: string }>("POST", "/echo");
    expect(post2.key).not.toBe(post.key);
    await expect(t.request("GET", "/echo")).resolves.toEqual({ method: "GET", key: null });
  });

  it("reuses one key across retries", async () => {
    const before = srv.hits("/echo-flaky").length;
    const res = await client().request<{ key: string }>("POST", "/echo-flaky", { body: { amount: 1 } });
    const keys = srv
      .hits("/echo-flaky")
      .slice(before)
      .map((s) => s.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(res.key).toBe(keys[0]);
  });

  it("takes the caller's key", async () => {
    const res = await client().request<{ key: string }>("POST", "/echo", { idempotencyKey: "order-42" });
    expect(res.key).toBe("order-42");
  });

  it("never retries a PATCH without a key", async () => {
    const err = await client()
      .request("PATCH", "/always-500")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(srv.hits("/always-500").filter((s) => s.method === "PATCH")).toHaveLength(1);
  });
});

describe("errors", () => {
  it("maps a validation problem with its field errors", async () => {
    const err = await client()
      .request("POST", "/invalid", { body: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toBeInstanceOf(LkError);
    const v = err as ValidationError;
    expect(v).toMatchObject({ status: 422, code: "validation_failed", requestId: "req_body" });
    expect(v.message).toBe("amount: must be positive (+1 more in .fields)");
    expect(v.detail).toBe("Некорректные данные");
    expect(v.fields).toEqual([
      { field: "amount", code: "too_small", message: "must be positive" },
      { field: "accounts[0].id", code: "required", message: "required" },
    ]);
  });

  it.each([
    [400, ValidationError],
    [401, AuthenticationError],
    [403, PermissionError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [503, ServerError],
    [418, LkError],
  ])("maps %i to %o", async (status, Ctor) => {
    const s = await startServer({ "/x": (_q, res) => problem(res, status, { code: `c${status}` }) });
    try {
      const err = await createTransport({ baseUrl: s.url, maxRetries: 0 })
        .request("GET", "/x")
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Ctor);
      expect(err).toMatchObject({ status, code: `c${status}`, requestId: "req_hdr" });
      expect((err as Error).name).toBe(Ctor.name);
    } finally {
      await s.close();
    }
  });

  it("reports a body that is not JSON without retrying", async () => {
    const err = await client()
      .request("GET", "/not-json")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LkError);
    expect((err as Error).message).toMatch(/invalid JSON/);
    expect(srv.hits("/not-json")).toHaveLength(1);
  });
});

describe("requests", () => {
  it("serialises query values and resolves 204 to undefined", async () => {
    const t = client();
    const q = await t.request("GET", "/query", {
      query: { limit: 10, from: new Date("2026-01-01T00:00:00Z"), active: true, skip: undefined, none: null },
    });
    expect(q).toEqual({ limit: "10", from: "2026-01-01T00:00:00.000Z", active: "true" });
    await expect(t.request("GET", "/multi", { query: { id: ["a", "b"] } })).resolves.toEqual(["a", "b"]);
    await expect(t.request("DELETE", "/empty")).resolves.toBeUndefined();
  });

  it("sends FormData as multipart, for file uploads", async () => {
    const form = new FormData();
    form.append("subject", "Счёт");
    form.append("files", new Blob(["%PDF"], { type: "application/pdf" }), "scan.pdf");
    const res = await client().request<{ type: string; hasFile: boolean }>("POST", "/upload", { body: form });
    expect(res.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(res.hasFile).toBe(true);
  });

  it("sends configured and per-call headers", async () => {
    await client({ userAgent: "erp/1.0", headers: { "x-a": "1" } }).request("GET", "/echo", {
      headers: { "x-b": "2" },
    });
    const last = srv.seen.at(-1)!;
    expect(last.headers).toMatchObject({
      "user-agent": "erp/1.0",
      "x-a": "1",
      "x-b": "2",
      accept: "application/json",
    });
  });
});
