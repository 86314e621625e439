import { afterEach, describe, expect, it } from "vitest";
import type { SandboxApp } from "../src/app";
import {
  SIGNATURE_HEADER,
  SignatureError,
  signatureHeaders,
  TIMESTAMP_HEADER,
  verifySignature,
} from "../src/signature";
import {
  captureLogger,
  createPayment,
  fakeClock,
  SECRET,
  startReceiver,
  submitCard,
  testSandbox,
} from "./helpers";

let app: SandboxApp;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  app?.sandbox.close();
  for (const c of cleanups.splice(0)) await c();
});

async function receiver(failFirst = 0) {
  const r = await startReceiver(failFirst);
  cleanups.push(r.close);
  return r;
}

describe("signature format", () => {
  const now = new Date("2026-03-01T10:00:00Z");
  const body = '{"event_id":"evt_1"}';
  const headers = signatureHeaders("s3cret", body, now);
  const verify = (over: Partial<Parameters<typeof verifySignature>[0]>) =>
    verifySignature({
      secret: "s3cret",
      rawBody: body,
      timestamp: headers[TIMESTAMP_HEADER],
      signature: headers[SIGNATURE_HEADER],
      now,
      ...over,
    });
  const code = (fn: () => void) => {
    try {
      fn();
      return "ok";
    } catch (e) {
      return e instanceof SignatureError ? e.code : "other";
    }
  };

  it("signs '<timestamp>.<body>' with HMAC-SHA256 as v1=<hex>", () => {
    expect(headers[TIMESTAMP_HEADER]).toBe(String(now.getTime() / 1000));
    expect(headers[SIGNATURE_HEADER]).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(code(() => verify({}))).toBe("ok");
  });

  it("rejects tampering, another secret, missing headers and stale timestamps", () => {
    expect(code(() => verify({ rawBody: `${body} ` }))).toBe("signature_mismatch");
    expect(code(() => verify({ secret: "other" }))).toBe("signature_mismatch");
    expect(code(() => verify({ signature: "v1=zz" }))).toBe("signature_mismatch");
    expect(code(() => verify({ signature: undefined }))).toBe("signature_missing");
    expect(code(() => verify({ timestamp: "soon" }))).toBe("timestamp_invalid");
    expect(code(() => verify({ now: new Date(now.getTime() + 301_000) }))).toBe("timestamp_stale");
    expect(code(() => verify({ now: new Date(now.getTime() + 300_000) }))).toBe("ok");
  });

  it("accepts any of several v1 signatures (secret rotation)", () => {
    const other = signatureHeaders("old", body, now)[SIGNATURE_HEADER];
    expect(code(() => verify({ signature: `${other}, ${headers[SIGNATURE_HEADER]}` }))).toBe("ok");
  });
});

describe("delivery", () => {
  it("posts a signed JSON event to notification_url over real HTTP", async () => {
    const clock = fakeClock();
    const r = await receiver();
    app = testSandbox({ now: clock.now, fetch: globalThis.fetch });
    const p = await createPayment(app, { notification_url: r.url });
    await submitCard(app, p.id, "4242424242424242");
    await app.sandbox.notificationsIdle();

    expect(r.received).toHaveLength(1);
    const { rawBody, headers } = r.received[0]!;
    expect(headers["content-type"]).toBe("application/json");
    verifySignature({
      secret: SECRET,
      rawBody,
      timestamp: headers["x-sandbox-timestamp"] as string,
      signature: headers["x-sandbox-signature"] as string,
      now: clock.now(),
    });
    const event = JSON.parse(rawBody);
    expect(event.event_id).toMatch(/^evt_/);
    expect(event).toMatchObject({
      type: "payment.succeeded",
      occurred_at: "2026-03-01T10:00:00.000Z",
      payment: { id: p.id, order_id: p.order_id, status: "succeeded", amount: 150_000, card_mask: "•• 4242" },
    });
  });

  it("retries with exponential backoff until acknowledged, logging every attempt", async () => {
    const r = await receiver(3);
    const logger = captureLogger();
    app = testSandbox({
      fetch: globalThis.fetch,
      logger,
      retry: { baseDelayMs: 20, maxAttempts: 6, jitter: 0.5 },
      random: () => 0.5,
    });
    const p = await createPayment(app, { notification_url: r.url });
    const started = Date.now();
    await submitCard(app, p.id, "4000000000000002");
    await app.sandbox.notificationsIdle();
    const elapsed = Date.now() - started;

    expect(r.received).toHaveLength(4);
    // One event, delivered four times, each attempt freshly signed.
    expect(new Set(r.received.map((x) => x.rawBody)).size).toBe(1);
    expect(app.sandbox.deliveries.map((d) => [d.attempt, d.status, d.delivered])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 200, true],
    ]);
    // 20×1.25 + 40×1.25 + 80×1.25 = 175 ms of backoff.
    expect(elapsed).toBeGreaterThanOrEqual(170);
    const attempts = logger.lines.filter((l) => l.includes('"notification attempt"'));
    expect(attempts).toHaveLength(4);
  });

  it("gives up after maxAttempts, and survives an unreachable endpoint", async () => {
    const logger = captureLogger();
    app = testSandbox({
      fetch: globalThis.fetch,
      logger,
      retry: { baseDelayMs: 1, maxAttempts: 3, jitter: 0 },
    });
    const p = await createPayment(app, { notification_url: "http://127.0.0.1:1/closed" });
    await submitCard(app, p.id, "4242424242424242");
    await app.sandbox.notificationsIdle();
    expect(app.sandbox.deliveries).toHaveLength(3);
    expect(app.sandbox.deliveries.every((d) => d.status === undefined && d.error)).toBe(true);
    expect(logger.lines.some((l) => l.includes('"notification given up"'))).toBe(true);
  });

  it("close() stops pending retries", async () => {
    const r = await receiver(100);
    app = testSandbox({ fetch: globalThis.fetch, retry: { baseDelayMs: 10_000, maxAttempts: 5, jitter: 0 } });
    const p = await createPayment(app, { notification_url: r.url });
    await submitCard(app, p.id, "4242424242424242");
    await expect.poll(() => r.received.length).toBe(1);
    app.sandbox.close();
    await app.sandbox.notificationsIdle();
    expect(r.received).toHaveLength(1);
  });
});
