import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunningSandbox, silentLogger, startSandboxServer } from "@lk/acquirer-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AcquirerNotification, AcquirerProvider } from "../../provider";
import { AcquirerError, NotificationRejectedError } from "./errors";
import { createSandboxProvider } from "./sandbox-provider";

const SHOP = "shop_core";
const SECRET = "core_secret";
const t = new Date("2026-04-01T09:00:00Z").getTime();
const now = () => new Date(t);

let sandbox: RunningSandbox;
let provider: AcquirerProvider;
let notificationUrl: string;
let closeReceiver: () => Promise<void>;
/** What our stand-in API endpoint got: raw bodies and headers, exactly as sent. */
const received: { rawBody: string; headers: Headers }[] = [];

beforeAll(async () => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      received.push({ rawBody: Buffer.concat(chunks).toString("utf8"), headers });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  notificationUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/acquirer`;
  closeReceiver = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });

  sandbox = await startSandboxServer({
    shops: { [SHOP]: SECRET },
    now,
    logger: silentLogger,
    retry: { baseDelayMs: 5, maxAttempts: 3 },
  });
  provider = createSandboxProvider({ baseUrl: sandbox.url, shopId: SHOP, secretKey: SECRET });
});

afterAll(async () => {
  await sandbox?.close();
  await closeReceiver?.();
});

let seq = 0;
const input = (over: Partial<Parameters<AcquirerProvider["createPayment"]>[0]> = {}) => ({
  idempotencyKey: `idem-${++seq}`,
  orderId: `order-${seq}`,
  amount: 250_00,
  currency: "RUB" as const,
  description: "Оплата по счёту",
  notificationUrl,
  ...over,
});

/** What the payer does on the hosted page, without a browser. */
async function pay(confirmationUrl: string, cardNumber: string) {
  const res = await fetch(confirmationUrl, {
    method: "POST",
    body: new URLSearchParams({
      card_number: cardNumber,
      expiry: "11/29",
      cvc: "321",
      holder: "OOO ROMASHKA",
    }),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
}

async function notificationsFor(paymentId: string): Promise<AcquirerNotification[]> {
  await sandbox.app.sandbox.notificationsIdle();
  return received
    .map((r) => provider.verifyNotification(r.rawBody, r.headers, now()))
    .filter((n) => n.payment.id === paymentId);
}

describe("createSandboxProvider", () => {
  it("creates a payment and maps it to AcquirerPayment", async () => {
    const p = await provider.createPayment(input({ orderId: "ord-A", returnUrl: "https://lk.example/paid" }));
    expect(p).toEqual({
      id: expect.stringMatching(/^pay_/),
      orderId: "ord-A",
      status: "pending",
      amount: 250_00,
      confirmationUrl: `${sandbox.url}/pay/${p.id}`,
    });
    expect(provider.name).toBe("sandbox");
  });

  it("returns the same payment for a retried call, and fails loudly on a reused key", async () => {
    const req = input();
    const a = await provider.createPayment(req);
    const b = await provider.createPayment(req);
    expect(b.id).toBe(a.id);
    const err = await provider.createPayment({ ...req, amount: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AcquirerError);
    expect(err).toMatchObject({ status: 502, acquirerStatus: 409, acquirerCode: "idempotency_key_conflict" });
  });

  it("retries a network failure with the same Idempotency-Key: one payment, not two", async () => {
    const keys: string[] = [];
    let calls = 0;
    const flaky = createSandboxProvider({
      baseUrl: sandbox.url,
      shopId: SHOP,
      secretKey: SECRET,
      fetch: async (url, init) => {
        keys.push(new Headers(init?.headers).get("Idempotency-Key")!);
        const res = await fetch(url, init);
        if (++calls === 1) throw new TypeError("fetch failed: connection reset"); // response lost
        return res;
      },
    });
    const p = await flaky.createPayment(input({ idempotencyKey: "lost-response" }));
    expect(keys).toEqual(["lost-response", "lost-response"]);
    expect((await provider.getPayment(p.id)).id).toBe(p.id);
  });

  it("reports wrong credentials, unknown payments and bad input as AcquirerError", async () => {
    const wrong = createSandboxProvider({ baseUrl: sandbox.url, shopId: SHOP, secretKey: "nope" });
    await expect(wrong.getPayment("pay_x")).rejects.toMatchObject({
      acquirerCode: "unauthorized",
      acquirerStatus: 401,
    });
    await expect(provider.getPayment("pay_missing")).rejects.toMatchObject({
      acquirerCode: "payment_not_found",
    });
    await expect(provider.createPayment(input({ amount: 0 }))).rejects.toMatchObject({
      acquirerCode: "validation_failed",
    });
    const down = createSandboxProvider({
      baseUrl: "http://127.0.0.1:1",
      shopId: SHOP,
      secretKey: SECRET,
      retries: 0,
    });
    await expect(down.getPayment("pay_x")).rejects.toMatchObject({ acquirerCode: "network_error" });
  });

  it("follows a paid payment to succeeded with a saved card, and verifies its notification", async () => {
    const p = await provider.createPayment(input({ saveCard: true }));
    await pay(p.confirmationUrl!, "4242 4242 4242 4242");
    const paid = await provider.getPayment(p.id);
    expect(paid).toMatchObject({
      status: "succeeded",
      cardMask: "•• 4242",
      cardExpiry: { month: 11, year: 2029 },
      cardToken: expect.stringMatching(/^tok_/),
    });
    expect(paid.confirmationUrl).toBeUndefined();

    const [n, ...rest] = await notificationsFor(p.id);
    expect(rest).toEqual([]);
    expect(n).toMatchObject({
      type: "payment.succeeded",
      payment: { id: p.id, orderId: p.orderId, status: "succeeded" },
    });
    expect(n!.eventId).toMatch(/^evt_/);
    expect(n!.occurredAt).toEqual(now());
  });

  it("maps declines and 3-D Secure notifications", async () => {
    const declined = await provider.createPayment(input());
    await pay(declined.confirmationUrl!, "4000000000000002");
    expect(await provider.getPayment(declined.id)).toMatchObject({
      status: "failed",
      failureReason: "card_declined",
    });
    expect((await notificationsFor(declined.id)).map((n) => n.type)).toEqual(["payment.failed"]);

    const threeDs = await provider.createPayment(input());
    await pay(threeDs.confirmationUrl!, "4000000000003220");
    const waiting = await provider.getPayment(threeDs.id);
    expect(waiting.status).toBe("requires_action");
    expect(waiting.confirmationUrl).toBeDefined();
    expect((await notificationsFor(threeDs.id)).map((n) => n.type)).toEqual(["payment.requires_action"]);
  });

  it("charges a saved card (autopay) and refunds within the captured amount", async () => {
    const first = await provider.createPayment(input({ saveCard: true }));
    await pay(first.confirmationUrl!, "4242424242424242");
    const { cardToken } = await provider.getPayment(first.id);

    const charge = {
      idempotencyKey: "autopay-2026-04",
      orderId: "autopay-1",
      amount: 990_00,
      currency: "RUB" as const,
    };
    const charged = await provider.chargeSavedCard({
      ...charge,
      description: "Автоплатёж",
      cardToken: cardToken!,
      notificationUrl,
    });
    expect(charged).toMatchObject({ status: "succeeded", amount: 990_00, cardMask: "•• 4242" });
    expect((await notificationsFor(charged.id)).map((n) => n.type)).toEqual(["payment.succeeded"]);

    const poor = await provider.chargeSavedCard({
      ...charge,
      idempotencyKey: "autopay-big",
      amount: 100_000_000,
      description: "x",
      cardToken: cardToken!,
      notificationUrl,
    });
    expect(poor).toMatchObject({ status: "failed", failureReason: "insufficient_funds" });
    await expect(
      provider.chargeSavedCard({
        ...charge,
        idempotencyKey: "gone",
        description: "x",
        cardToken: "tok_gone",
        notificationUrl,
      }),
    ).rejects.toMatchObject({ acquirerCode: "token_not_found" });

    const refund = await provider.refund({
      acquirerPaymentId: charged.id,
      amount: 400_00,
      idempotencyKey: "rf-1",
    });
    expect(refund).toEqual({
      id: expect.stringMatching(/^rf_/),
      acquirerPaymentId: charged.id,
      amount: 400_00,
      status: "succeeded",
    });
    await expect(
      provider.refund({ acquirerPaymentId: charged.id, amount: 590_01, idempotencyKey: "rf-2" }),
    ).rejects.toMatchObject({ acquirerCode: "refund_exceeds_payment" });
    const types = (await notificationsFor(charged.id)).map((n) => n.type);
    expect(types).toEqual(["payment.succeeded", "refund.succeeded"]);
  });
});

describe("verifyNotification", () => {
  async function oneNotification() {
    const p = await provider.createPayment(input());
    await pay(p.confirmationUrl!, "4242424242424242");
    await sandbox.app.sandbox.notificationsIdle();
    const raw = received.find((r) => r.rawBody.includes(p.id))!;
    return raw;
  }
  const reason = (fn: () => unknown) => {
    try {
      fn();
      return "ok";
    } catch (e) {
      return e instanceof NotificationRejectedError ? e.reason : String(e);
    }
  };

  it("accepts within 5 minutes and rejects stale, tampered, unsigned or foreign-signed bodies", async () => {
    const { rawBody, headers } = await oneNotification();
    const at = (ms: number) => new Date(t + ms);
    expect(reason(() => provider.verifyNotification(rawBody, headers, at(300_000)))).toBe("ok");
    expect(reason(() => provider.verifyNotification(rawBody, headers, at(301_000)))).toBe("timestamp_stale");
    expect(reason(() => provider.verifyNotification(rawBody, headers, at(-301_000)))).toBe("timestamp_stale");
    const tampered = rawBody.replace('"status":"succeeded"', '"status":"failed"');
    expect(reason(() => provider.verifyNotification(tampered, headers, now()))).toBe("signature_mismatch");
    expect(reason(() => provider.verifyNotification(rawBody, new Headers(), now()))).toBe(
      "signature_missing",
    );
    const foreign = createSandboxProvider({ baseUrl: sandbox.url, shopId: SHOP, secretKey: "other" });
    expect(reason(() => foreign.verifyNotification(rawBody, headers, now()))).toBe("signature_mismatch");
    const err = (() => {
      try {
        provider.verifyNotification(rawBody, headers, at(3_600_000));
      } catch (e) {
        return e as NotificationRejectedError;
      }
    })();
    expect(err).toMatchObject({ status: 400, code: "acquirer_notification_rejected" });
    expect(err?.message).toMatch(/tolerance is 300s/);
  });

  it("honours a custom tolerance", async () => {
    const { rawBody, headers } = await oneNotification();
    const strict = createSandboxProvider({
      baseUrl: sandbox.url,
      shopId: SHOP,
      secretKey: SECRET,
      toleranceSeconds: 10,
    });
    expect(reason(() => strict.verifyNotification(rawBody, headers, new Date(t + 11_000)))).toBe(
      "timestamp_stale",
    );
  });

  it("rejects a correctly signed body of the wrong shape", async () => {
    const { signatureHeaders } = await import("@lk/acquirer-sandbox/signature");
    const body = JSON.stringify({
      event_id: "evt_1",
      type: "payment.exploded",
      occurred_at: now().toISOString(),
    });
    const headers = new Headers(signatureHeaders(SECRET, body, now()));
    expect(reason(() => provider.verifyNotification(body, headers, now()))).toBe("invalid_shape");
    const notJson = "not json";
    expect(
      reason(() =>
        provider.verifyNotification(notJson, new Headers(signatureHeaders(SECRET, notJson, now())), now()),
      ),
    ).toBe("invalid_json");
  });
});
