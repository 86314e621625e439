/**
 * Traces (issue #20): one card payment through the real app, the real sandbox acquirer over HTTP
 * and this file's database, exported over OTLP/HTTP to a receiver in the test. First with tracing
 * off: no SDK module loaded and no span made; then on: the request span, its database spans and
 * the acquirer call with the right parents, the acquirer handed a `traceparent` of the same trace,
 * the trace id in log lines and in problem+json.
 */
import { createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { createSandboxProvider } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import type { Connection } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { tracingOn } from "@lk/tracing";
import { ProxyTracerProvider, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, LkError } from "../../../packages/sdk/src/index";
import { type RunningSandbox, silentLogger, startSandboxServer } from "../../acquirer-sandbox/src/index";
import { type App, createApp } from "../src/app";
import { jsonLogger } from "../src/http/logger";
import { startTracing, tracingState } from "../src/observability/tracing";
import { call, signIn } from "./helpers";
import { startOtlpReceiver } from "./otlp-receiver";
import { paymentsConfig, SECRET, SHOP } from "./payments-env";

let conn: Connection;
let sandbox: RunningSandbox;
let co: TestCompany;
// Every request the acquirer received, through a recording hop in front of it (the network edge).
const atAcquirer: { method: string; path: string; traceparent?: string }[] = [];
let acquirerEdge: ReturnType<typeof createServer>;
let acquirerUrl: string;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn);
  const box: { app?: App } = {};
  sandbox = await startSandboxServer({
    shops: { [SHOP]: SECRET },
    logger: silentLogger,
    fetch: ((input: string | URL | Request, init?: RequestInit) =>
      box.app!.request(input instanceof Request ? input : String(input), init)) as typeof fetch,
  });
  const target = new URL(sandbox.url);
  acquirerEdge = createServer((req, res) => {
    const tp = req.headers.traceparent;
    atAcquirer.push({
      method: req.method!,
      path: req.url!,
      ...(typeof tp === "string" ? { traceparent: tp } : {}),
    });
    const out = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((r) => acquirerEdge.listen(0, "127.0.0.1", () => r()));
  acquirerUrl = `http://127.0.0.1:${(acquirerEdge.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((r) => acquirerEdge.close(() => r()));
  await conn.close();
});

const appNow = () =>
  createApp({
    conn,
    config: paymentsConfig(),
    acquirer: createSandboxProvider({ baseUrl: acquirerUrl, shopId: SHOP, secretKey: SECRET }),
    logger: jsonLogger("info", (l) => logLines.push(JSON.parse(l))),
  });

const pay = (app: App, token: string, headers: Record<string, string> = {}) =>
  call(
    app,
    "POST",
    "/v1/payments",
    { items: [{ account_id: co.accounts[0]!.id, amount: 500_00 }], method: "card" },
    { token, headers: { "idempotency-key": `trace-${Math.random()}`, ...headers } },
  );

const sdkModules = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((k) =>
    /@opentelemetry[/+](sdk-trace|exporter-|otlp-|context-async-hooks|resources)/.test(k),
  );

describe("tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)", () => {
  it("loads no SDK module and makes no span, while a payment goes through", async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    expect(await startTracing()).toBeNull();
    // Whoever asks the OpenTelemetry API for a tracer is seen here (the API alone, no SDK).
    let asked = 0;
    trace.setGlobalTracerProvider({
      getTracer: (...args: Parameters<ReturnType<typeof trace.getTracerProvider>["getTracer"]>) => {
        asked++;
        return new ProxyTracerProvider().getTracer(...args); // a no-op tracer
      },
    });
    try {
      const app = appNow();
      const token = await signIn(app, co.accountant.login, co.accountant.password);
      const res = await pay(app, token);
      expect(res.status).toBe(201);
      const bad = await call(app, "GET", "/v1/payments/not-a-uuid", undefined, { token });
      expect(bad.body.requestId).toBeTruthy();
      expect(bad.body).not.toHaveProperty("traceId");
      expect(asked).toBe(0);
      expect(atAcquirer.at(-1)?.traceparent).toBeUndefined();
      expect(logLines.some((l) => "traceId" in l)).toBe(false);
    } finally {
      trace.disable();
    }
    expect(tracingOn()).toBe(false);
    expect(tracingState.sdkLoaded).toBe(false);
    expect(sdkModules()).toEqual([]);
  });
});

describe("tracing on (exported to an OTLP receiver)", () => {
  it("traces a payment: request span, database spans, the acquirer call with traceparent", async () => {
    const receiver = await startOtlpReceiver();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    process.env.OTEL_SERVICE_NAME = "lk-api-test";
    const tracing = await startTracing();
    try {
      expect(tracing).not.toBeNull();
      expect(tracingOn()).toBe(true);
      expect(sdkModules().length).toBeGreaterThan(0); // the check above can see the SDK
      const app = appNow();
      const token = await signIn(app, co.accountant.login, co.accountant.password);
      // A caller that traces: our request span continues its trace under its span.
      const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
      const callerSpan = "00f067aa0ba902b7";
      const sentBefore = atAcquirer.length;
      const res = await pay(app, token, { traceparent: `00-${callerTrace}-${callerSpan}-01` });
      expect(res.status).toBe(201);
      const requestId = res.headers.get("x-request-id");

      // A refusal names the trace beside the request id.
      const bad = await call(app, "GET", "/v1/payments/not-a-uuid", undefined, {
        token,
        headers: { traceparent: `00-${"ab".repeat(16)}-${"cd".repeat(8)}-01` },
      });
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(bad.body).toMatchObject({ requestId: expect.any(String), traceId: "ab".repeat(16) });
      // The SDK's error carries both, for the integrator to quote.
      const sdk = createClient({
        baseUrl: "http://lk.test",
        auth: token,
        maxRetries: 0,
        headers: { traceparent: `00-${"ef".repeat(16)}-${"cd".repeat(8)}-01` },
        fetch: async (input, init) => app.fetch(new Request(input, init)),
      });
      const err = await sdk.payments.get("not-a-uuid").catch((e: LkError) => e);
      expect(err).toBeInstanceOf(LkError);
      expect(err).toMatchObject({ traceId: "ef".repeat(16), requestId: expect.any(String) });
      // Every log line of the payment request carries its trace id.
      const lines = logLines.filter((l) => l.requestId === requestId);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l.traceId).toBe(callerTrace);

      await tracing!.shutdown(); // flushes the batch to the receiver
      const spans = receiver.spans.filter((s) => s.traceId === callerTrace);
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const root = spans.find((s) => s.kind === 2);
      expect(root).toMatchObject({
        name: "POST /v1/payments",
        parentSpanId: callerSpan,
        attributes: {
          "http.request.method": "POST",
          "http.route": "/v1/payments",
          "http.response.status_code": 201,
          "lk.request_id": requestId,
        },
        resource: { "service.name": "lk-api-test" },
      });
      const descends = (s: { parentSpanId: string }) => {
        for (let p = byId.get(s.parentSpanId); p; p = byId.get(p.parentSpanId)) if (p === root) return true;
        return false;
      };
      // Database: the payment's statements (it runs none in a transaction), children of the request;
      // named by operation and table.
      const db = spans.filter((s) => s.attributes["db.system.name"] === "postgresql");
      expect(db.map((s) => s.name)).toEqual(
        expect.arrayContaining(["SELECT accounts", "INSERT idempotency_keys"]),
      );
      for (const s of db) expect(s.parentSpanId).toBe(root!.spanId);
      // A transaction is one span, under its request (signing in writes the session in one).
      const signInSpan = receiver.spans.find((s) => s.name === "POST /v1/auth/sign-in");
      expect(
        receiver.spans.filter((s) => s.name === "db.transaction" && s.parentSpanId === signInSpan?.spanId),
      ).toHaveLength(1);
      // The acquirer call: a client span under the request, its traceparent on the wire.
      const port = Number(new URL(acquirerUrl).port);
      const out = spans.filter((s) => s.kind === 3 && s.attributes["server.port"] === port);
      expect(out.length).toBeGreaterThan(0);
      for (const s of out) {
        expect(s).toMatchObject({ name: "POST", attributes: { "http.request.method": "POST" } });
        expect(descends(s)).toBe(true);
      }
      const sent = atAcquirer.slice(sentBefore).filter((r) => r.method === "POST");
      expect(sent.map((r) => r.traceparent)).toEqual(out.map((s) => `00-${callerTrace}-${s.spanId}-01`));
      // No SQL text, no values: a database span says only the system, operation and table.
      const dbKeys = new Set(db.flatMap((s) => Object.keys(s.attributes)));
      expect([...dbKeys].sort()).toEqual(["db.collection.name", "db.operation.name", "db.system.name"]);
    } finally {
      await tracing?.shutdown();
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      delete process.env.OTEL_SERVICE_NAME;
      await receiver.close();
    }
    expect(tracingOn()).toBe(false);
  });
});
