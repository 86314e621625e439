import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createSandboxApp, type SandboxApp, type SandboxOptions } from "../src/app";
import type { Logger } from "../src/logger";

export const SHOP = "shop_test";
export const SECRET = "secret_test";

/** A clock the test moves by hand. */
export function fakeClock(start = "2026-03-01T10:00:00Z") {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

/** Captures every log line, so tests can assert what was (not) logged. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { lines, info: push("info"), warn: push("warn") };
}

export interface ReceivedNotification {
  rawBody: string;
  headers: IncomingHttpHeaders;
}

/**
 * A real HTTP endpoint standing in for our API: answers 500 to the first `failFirst` requests,
 * then 200, and records everything it received.
 */
export async function startReceiver(failFirst = 0) {
  const received: ReceivedNotification[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      received.push({ rawBody: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.statusCode = requests <= failFirst ? 500 : 200;
      res.end(res.statusCode === 200 ? "ok" : "try later");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/acquirer/notifications`,
    received,
    /** Bodies parsed, in arrival order. */
    events: () =>
      received.map((r) => JSON.parse(r.rawBody) as { type: string; payment: Record<string, unknown> }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function authHeaders(key?: string, shop = SHOP, secret = SECRET): Record<string, string> {
  return {
    Authorization: `Basic ${Buffer.from(`${shop}:${secret}`).toString("base64")}`,
    "Content-Type": "application/json",
    ...(key ? { "Idempotency-Key": key } : {}),
  };
}

/** A sandbox whose notifications go nowhere unless the test passes its own fetch or receiver URL. */
export function testSandbox(options: Partial<SandboxOptions> = {}): SandboxApp {
  return createSandboxApp({
    shops: { [SHOP]: SECRET, other_shop: "other_secret" },
    publicUrl: "http://sandbox.test",
    fetch: async () => new Response("ok"),
    retry: { baseDelayMs: 5, maxAttempts: 4, jitter: 0 },
    logger: captureLogger(),
    ...options,
  });
}

let seq = 0;
export function paymentBody(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    amount: 150_000,
    currency: "RUB",
    description: "Оплата связи, ЛС 100200300",
    order_id: `order_${seq}`,
    return_url: "https://shop.example/back?from=sandbox",
    notification_url: "http://127.0.0.1:9/notifications",
    ...overrides,
  };
}

export async function createPayment(app: SandboxApp, overrides: Record<string, unknown> = {}) {
  const res = await app.request("/v1/payments", {
    method: "POST",
    headers: authHeaders(`key_${Math.random()}`),
    body: JSON.stringify(paymentBody(overrides)),
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; status: string; confirmation_url: string; order_id: string };
}

export const CARD_FIELDS = { expiry: "12/30", cvc: "123", holder: "IVAN PETROV" };

/** Posts the hosted form as a browser without JavaScript would. */
export function submitCard(app: SandboxApp, id: string, number: string, extra: Record<string, string> = {}) {
  return app.request(`/pay/${id}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card_number: number, ...CARD_FIELDS, ...extra }).toString(),
  });
}

export async function getPaymentJson(app: SandboxApp, id: string) {
  const res = await app.request(`/v1/payments/${id}`, { headers: authHeaders() });
  return (await res.json()) as Record<string, unknown>;
}
