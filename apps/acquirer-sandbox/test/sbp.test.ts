import { describe, expect, it } from "vitest";
import { sbpOptionsFromEnv } from "../src/env";
import { crc16, SBP_PAYEE_BANK } from "../src/sbp";
import { verifySignature } from "../src/signature";
import { authHeaders, createPayment, fakeClock, getPaymentJson, SECRET, testSandbox } from "./helpers";

type Json = Record<string, unknown> & {
  id: string;
  status: string;
  confirmation_url?: string;
  sbp_qr?: { qr_id: string; payload: string; expires_at: string };
};

/** A sandbox on a hand-moved clock whose notifications are recorded (checked for their signature). */
function sbpSandbox(options: Parameters<typeof testSandbox>[0] = {}) {
  const clock = fakeClock();
  const sent: { type: string; payment: Json }[] = [];
  const app = testSandbox({
    now: clock.now,
    sbpQrTtlMs: 60_000,
    fetch: async (_url, init) => {
      const h = new Headers(init?.headers);
      verifySignature({
        secret: SECRET,
        rawBody: String(init?.body),
        timestamp: h.get("X-Sandbox-Timestamp"),
        signature: h.get("X-Sandbox-Signature"),
        now: clock.now(),
      });
      sent.push(JSON.parse(String(init?.body)));
      return new Response("ok");
    },
    ...options,
  });
  return { app, clock, sent };
}

const createSbp = async (app: ReturnType<typeof testSandbox>, over: Record<string, unknown> = {}) =>
  (await createPayment(app, { payment_method: "sbp", return_url: undefined, ...over })) as unknown as Json;

const post = (app: ReturnType<typeof testSandbox>, url: string, form: Record<string, string>) =>
  app.request(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

describe("SBP payments in the sandbox", () => {
  it("answers a dynamic QR link in the national shape, with a checksum, its life and the bank page", async () => {
    const { app, clock } = sbpSandbox();
    const p = await createSbp(app, { amount: 250_050 });
    expect(p).toMatchObject({ status: "pending", payment_method: "sbp", amount: 250_050 });
    const qr = p.sbp_qr!;
    expect(qr.qr_id).toMatch(/^AD[0-9A-Z]{30}$/);
    expect(qr.payload).toBe(
      `http://sandbox.test/sbp/${qr.qr_id}?type=02&bank=${SBP_PAYEE_BANK}&sum=250050&cur=RUB&crc=${crc16(qr.payload.split("&crc=")[0]!)}`,
    );
    expect(qr.payload).toMatch(/\?type=02&bank=\d{12}&sum=\d+&cur=RUB&crc=[0-9A-F]{4}$/);
    expect(qr.expires_at).toBe(new Date(clock.now().getTime() + 60_000).toISOString());
    expect(p.confirmation_url).toBe(`http://sandbox.test/sbp/${qr.qr_id}`);
    // The card page is not an SBP payment's page.
    expect((await app.request(`/pay/${p.id}`)).status).toBe(404);
    app.sandbox.close();
  });

  it("writes the national host when told (ACQUIRER_SBP_LINK_BASE), the bank page staying on the sandbox", async () => {
    const { app } = sbpSandbox({ sbpLinkBase: "https://qr.nspk.ru" });
    const p = await createSbp(app);
    expect(p.sbp_qr!.payload).toMatch(/^https:\/\/qr\.nspk\.ru\/AD[0-9A-Z]{30}\?type=02&/);
    expect(p.confirmation_url).toBe(`http://sandbox.test/sbp/${p.sbp_qr!.qr_id}`);
    app.sandbox.close();
  });

  it("reads ACQUIRER_SBP_* the same way alone and in the demo: the code's life and the link host", async () => {
    expect(sbpOptionsFromEnv({})).toEqual({ sbpQrTtlMs: 900_000 });
    const opts = sbpOptionsFromEnv({
      ACQUIRER_SBP_QR_TTL_SECONDS: "120",
      ACQUIRER_SBP_LINK_BASE: "https://qr.nspk.ru/",
    });
    expect(opts).toEqual({ sbpQrTtlMs: 120_000, sbpLinkBase: "https://qr.nspk.ru" });
    const { app, clock } = sbpSandbox(opts);
    const p = await createSbp(app);
    expect(p.sbp_qr!.payload).toMatch(/^https:\/\/qr\.nspk\.ru\/AD/);
    expect(new Date(p.sbp_qr!.expires_at).getTime() - clock.now().getTime()).toBe(120_000);
    app.sandbox.close();
    expect(() => sbpOptionsFromEnv({ ACQUIRER_SBP_QR_TTL_SECONDS: "0" })).toThrow(
      /ACQUIRER_SBP_QR_TTL_SECONDS/,
    );
    expect(() => sbpOptionsFromEnv({ ACQUIRER_SBP_QR_TTL_SECONDS: "soon" })).toThrow(/positive number/);
    expect(() => sbpOptionsFromEnv({ ACQUIRER_SBP_LINK_BASE: "qr.nspk.ru" })).toThrow(
      /ACQUIRER_SBP_LINK_BASE/,
    );
  });

  it("refuses an unknown method and a saved card with SBP", async () => {
    const { app } = sbpSandbox();
    for (const [over, field] of [
      [{ payment_method: "cash" }, "payment_method"],
      [{ payment_method: "sbp", save_card: true }, "save_card"],
    ] as const) {
      const res = await app.request("/v1/payments", {
        method: "POST",
        headers: authHeaders(`k-${field}`),
        body: JSON.stringify({
          amount: 100,
          currency: "RUB",
          description: "x",
          order_id: "o",
          notification_url: "http://127.0.0.1:9/n",
          ...over,
        }),
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe(field);
    }
    app.sandbox.close();
  });

  it("the bank page shows payee, amount and the test banks; a confirming bank pays, once, signed", async () => {
    const { app, sent } = sbpSandbox();
    const p = await createSbp(app, { amount: 125_050 });
    const page = await app.request(pathOf(p.sbp_qr!.payload));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const text = await page.text();
    for (const s of ["ООО «ЛК Бизнес» (тест)", "Тестбанк", "Банк «Отказ»", "Банк «Молчун»"])
      expect(text).toContain(s);
    expect(text).toMatch(/1\s250,50\s₽/);
    const res = await post(app, `/sbp/${p.sbp_qr!.qr_id}`, { bank: "100000000901", action: "confirm" });
    expect(res.status).toBe(303);
    await post(app, `/sbp/${p.sbp_qr!.qr_id}`, { bank: "100000000901", action: "confirm" });
    await app.sandbox.notificationsIdle();
    expect(sent.map((e) => [e.type, e.payment.status])).toEqual([["payment.succeeded", "succeeded"]]);
    expect(await getPaymentJson(app, p.id)).toMatchObject({
      status: "succeeded",
      sbp_bank_id: "100000000901",
    });
    expect(await getPaymentJson(app, p.id)).not.toHaveProperty("sbp_qr");
    expect(await (await app.request(`/sbp/${p.sbp_qr!.qr_id}?lang=en`)).text()).toContain("Transfer done");
    app.sandbox.close();
  });

  it("a declining bank and the payer's own decline fail the payment with their reasons", async () => {
    const { app, sent } = sbpSandbox();
    const a = await createSbp(app);
    await post(app, `/sbp/${a.sbp_qr!.qr_id}`, { bank: "100000000903", action: "confirm" });
    const b = await createSbp(app);
    await post(app, `/sbp/${b.sbp_qr!.qr_id}`, { action: "decline" });
    await app.sandbox.notificationsIdle();
    expect(await getPaymentJson(app, a.id)).toMatchObject({
      status: "failed",
      failure_reason: "sbp_bank_declined",
    });
    expect(await getPaymentJson(app, b.id)).toMatchObject({
      status: "failed",
      failure_reason: "sbp_payer_declined",
    });
    expect(sent.map((e) => e.type)).toEqual(["payment.failed", "payment.failed"]);
    expect(await (await app.request(`/sbp/${a.sbp_qr!.qr_id}`)).text()).toContain("банк отклонил перевод");
    app.sandbox.close();
  });

  it("a bank that never answers leaves the payment waiting until its QR code expires", async () => {
    const { app, clock, sent } = sbpSandbox();
    const p = await createSbp(app);
    await post(app, `/sbp/${p.sbp_qr!.qr_id}`, { bank: "100000000904", action: "confirm" });
    const waiting = await app.request(`/sbp/${p.sbp_qr!.qr_id}`);
    expect(await waiting.text()).toContain("Ждём ответа банка");
    expect(app.sandbox.tick()).toBe(0);
    clock.advance(60_000);
    expect(app.sandbox.tick()).toBe(1);
    await app.sandbox.notificationsIdle();
    expect(sent.map((e) => [e.type, e.payment.failure_reason])).toEqual([["payment.failed", "qr_expired"]]);
    expect(await (await app.request(`/sbp/${p.sbp_qr!.qr_id}`)).text()).toContain(
      "истёк срок действия QR-кода",
    );
    app.sandbox.close();
  });

  it("an expired code cannot be paid: it fails when next looked at, even before the timer", async () => {
    const { app, clock } = sbpSandbox();
    const p = await createSbp(app);
    clock.advance(60_001);
    await post(app, `/sbp/${p.sbp_qr!.qr_id}`, { bank: "100000000901", action: "confirm" });
    expect(await getPaymentJson(app, p.id)).toMatchObject({ status: "failed", failure_reason: "qr_expired" });
    app.sandbox.close();
  });

  it("the QR code expires by itself on a real clock (timer)", async () => {
    const app = testSandbox({ sbpQrTtlMs: 30 });
    const p = await createSbp(app);
    await new Promise((r) => setTimeout(r, 120));
    expect(await getPaymentJson(app, p.id)).toMatchObject({ status: "failed", failure_reason: "qr_expired" });
    app.sandbox.close();
  });

  it("refunds an SBP payment, partly then the rest, each notified", async () => {
    const { app, sent } = sbpSandbox();
    const p = await createSbp(app, { amount: 10_000 });
    await post(app, `/sbp/${p.sbp_qr!.qr_id}`, { bank: "100000000902", action: "confirm" });
    for (const [key, amount] of [
      ["r1", 4_000],
      ["r2", 6_000],
    ] as const) {
      const res = await app.request("/v1/refunds", {
        method: "POST",
        headers: authHeaders(key),
        body: JSON.stringify({ payment_id: p.id, amount }),
      });
      expect(res.status).toBe(201);
    }
    await app.sandbox.notificationsIdle();
    expect(sent.map((e) => e.type)).toEqual(["payment.succeeded", "refund.succeeded", "refund.succeeded"]);
    expect(await getPaymentJson(app, p.id)).toMatchObject({ refunded_amount: 10_000 });
    app.sandbox.close();
  });

  it("an unknown QR code is a 404 page", async () => {
    const { app } = sbpSandbox();
    expect((await app.request("/sbp/AD000000000000000000000000000000")).status).toBe(404);
    app.sandbox.close();
  });
});
