import { afterEach, describe, expect, it } from "vitest";
import type { SandboxApp } from "../src/app";
import {
  authHeaders,
  createPayment,
  getPaymentJson,
  paymentBody,
  SECRET,
  SHOP,
  submitCard,
  testSandbox,
} from "./helpers";

let app: SandboxApp;
afterEach(() => app?.sandbox.close());

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  app.request(path, { method: "POST", headers, body: JSON.stringify(body) });

describe("POST /v1/payments", () => {
  it("creates a pending payment with a confirmation URL of the hosted page", async () => {
    app = testSandbox();
    const res = await post("/v1/payments", paymentBody({ order_id: "ord-1" }), authHeaders("k1"));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ order_id: "ord-1", status: "pending", amount: 150_000, currency: "RUB" });
    expect(body.id).toMatch(/^pay_[0-9a-f]{24}$/);
    expect(body.confirmation_url).toBe(`http://sandbox.test/pay/${body.id}`);
  });

  it("uses the request origin for the confirmation URL when no public URL is configured", async () => {
    app = testSandbox({ publicUrl: undefined });
    const res = await app.request("http://acq.local:3100/v1/payments", {
      method: "POST",
      headers: authHeaders("k"),
      body: JSON.stringify(paymentBody()),
    });
    expect((await res.json()).confirmation_url).toMatch(/^http:\/\/acq\.local:3100\/pay\/pay_/);
  });

  it("rejects missing, wrong and other shops' credentials with 401", async () => {
    app = testSandbox();
    const body = paymentBody();
    const none = await post("/v1/payments", body, {
      "Content-Type": "application/json",
      "Idempotency-Key": "k",
    });
    expect(none.status).toBe(401);
    expect(none.headers.get("WWW-Authenticate")).toContain("Basic");
    expect((await none.json()).code).toBe("unauthorized");
    expect((await post("/v1/payments", body, authHeaders("k", SHOP, "wrong"))).status).toBe(401);
    expect((await post("/v1/payments", body, authHeaders("k", "nobody", SECRET))).status).toBe(401);
    expect((await post("/v1/payments", body, authHeaders("k", "other_shop", SECRET))).status).toBe(401);
    expect((await post("/v1/payments", body, authHeaders("k", "__proto__", SECRET))).status).toBe(401);
  });

  it("requires an Idempotency-Key", async () => {
    app = testSandbox();
    const res = await post("/v1/payments", paymentBody(), authHeaders());
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("idempotency_key_required");
  });

  it("returns the same payment for the same key and body, 409 for the same key and another body", async () => {
    app = testSandbox();
    const body = paymentBody();
    const first = await post("/v1/payments", body, authHeaders("same"));
    // Same fields in another order are the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post("/v1/payments", reordered, authHeaders("same"));
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await again.json()).id).toBe((await first.json()).id);

    const conflict = await post("/v1/payments", { ...body, amount: 1 }, authHeaders("same"));
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).code).toBe("idempotency_key_conflict");
  });

  it("scopes idempotency keys per shop", async () => {
    app = testSandbox();
    const body = paymentBody();
    const a = await (await post("/v1/payments", body, authHeaders("shared"))).json();
    const b = await (
      await post("/v1/payments", body, authHeaders("shared", "other_shop", "other_secret"))
    ).json();
    expect(a.id).not.toBe(b.id);
  });

  it("lists every invalid field at once", async () => {
    app = testSandbox();
    const res = await post(
      "/v1/payments",
      {
        amount: 10.5,
        currency: "USD",
        description: "",
        order_id: 7,
        notification_url: "ftp://x",
        return_url: "nope",
      },
      authHeaders("k"),
    );
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe("validation_failed");
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "amount",
      "currency",
      "description",
      "notification_url",
      "order_id",
      "return_url",
    ]);
  });

  it.each([0, -100, 1.5, "100", Number.MAX_SAFE_INTEGER + 2])("rejects amount %s", async (amount) => {
    app = testSandbox();
    const res = await post("/v1/payments", paymentBody({ amount }), authHeaders("k"));
    expect(res.status).toBe(422);
  });

  it("rejects a body that is not a JSON object", async () => {
    app = testSandbox();
    const res = await app.request("/v1/payments", { method: "POST", headers: authHeaders("k"), body: "[1," });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("invalid_json");
  });
});

describe("GET /v1/payments/:id and cancel", () => {
  it("hides another shop's payment as 404", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    expect((await getPaymentJson(app, p.id)).status).toBe("pending");
    const other = await app.request(`/v1/payments/${p.id}`, {
      headers: authHeaders(undefined, "other_shop", "other_secret"),
    });
    expect(other.status).toBe(404);
    expect((await other.json()).code).toBe("payment_not_found");
  });

  it("cancels a pending payment, then refuses the card on the page", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    const res = await app.request(`/v1/payments/${p.id}/cancel`, { method: "POST", headers: authHeaders() });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("canceled");
    expect(body.confirmation_url).toBeUndefined();
    await submitCard(app, p.id, "4242424242424242");
    expect((await getPaymentJson(app, p.id)).status).toBe("canceled");
  });

  it("refuses to cancel a final payment", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    await submitCard(app, p.id, "4242424242424242");
    const res = await app.request(`/v1/payments/${p.id}/cancel`, { method: "POST", headers: authHeaders() });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe("payment_not_cancelable");
  });
});

describe("saved cards and autopay", () => {
  async function savedToken(): Promise<string> {
    const p = await createPayment(app, { save_card: true });
    await submitCard(app, p.id, "4242 4242 4242 4242");
    const paid = await getPaymentJson(app, p.id);
    // The expiry typed on the page (12/30) is kept with the last 4 digits and reported.
    expect(paid).toMatchObject({
      status: "succeeded",
      card_mask: "•• 4242",
      card_expiry_month: 12,
      card_expiry_year: 2030,
    });
    expect(paid.card_token).toMatch(/^tok_/);
    return paid.card_token as string;
  }

  it("does not save the card unless asked", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    await submitCard(app, p.id, "4242424242424242");
    const paid = await getPaymentJson(app, p.id);
    expect(paid.card_mask).toBe("•• 4242");
    expect(paid.card_token).toBeUndefined();
  });

  it("charges a saved card without the payer, with a final status and a notification", async () => {
    const sent: string[] = [];
    app = testSandbox({
      fetch: async (_url, init) => {
        sent.push(String(init?.body));
        return new Response("ok");
      },
    });
    const token = await savedToken();
    const body = { ...paymentBody({ amount: 99_00 }), return_url: undefined, payment_method_token: token };
    const res = await post("/v1/payments", body, authHeaders("autopay-1"));
    expect(res.status).toBe(201);
    const charged = await res.json();
    expect(charged).toMatchObject({
      status: "succeeded",
      amount: 99_00,
      card_mask: "•• 4242",
      card_expiry_month: 12,
      card_expiry_year: 2030,
      card_token: token,
    });
    expect(charged.confirmation_url).toBeUndefined();
    const replay = await post("/v1/payments", body, authHeaders("autopay-1"));
    expect((await replay.json()).id).toBe(charged.id);

    await app.sandbox.notificationsIdle();
    const events = sent.map((s) => JSON.parse(s));
    expect(events.at(-1)).toMatchObject({ type: "payment.succeeded", payment: { id: charged.id } });
    expect(events.filter((e) => e.payment.id === charged.id)).toHaveLength(1);
  });

  it("declines a large charge with insufficient_funds", async () => {
    app = testSandbox();
    const token = await savedToken();
    const res = await post(
      "/v1/payments",
      { ...paymentBody({ amount: 100_000_000 }), payment_method_token: token },
      authHeaders("big"),
    );
    expect(await res.json()).toMatchObject({ status: "failed", failure_reason: "insufficient_funds" });
  });

  it("rejects an unknown token and another shop's token", async () => {
    app = testSandbox();
    const token = await savedToken();
    const unknown = await post(
      "/v1/payments",
      { ...paymentBody(), payment_method_token: "tok_nope" },
      authHeaders("u"),
    );
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).code).toBe("token_not_found");
    const foreign = await post(
      "/v1/payments",
      { ...paymentBody(), payment_method_token: token },
      authHeaders("f", "other_shop", "other_secret"),
    );
    expect(foreign.status).toBe(422);
  });
});

describe("POST /v1/refunds", () => {
  async function paid(amount = 10_000) {
    const p = await createPayment(app, { amount });
    await submitCard(app, p.id, "4242424242424242");
    return p.id;
  }

  it("refunds in parts up to the captured amount, idempotently", async () => {
    app = testSandbox();
    const id = await paid(10_000);
    const r1 = await post("/v1/refunds", { payment_id: id, amount: 6_000 }, authHeaders("r1"));
    expect(r1.status).toBe(201);
    const refund = await r1.json();
    expect(refund).toMatchObject({ payment_id: id, amount: 6_000, status: "succeeded" });
    const replay = await post("/v1/refunds", { payment_id: id, amount: 6_000 }, authHeaders("r1"));
    expect((await replay.json()).id).toBe(refund.id);

    const tooMuch = await post("/v1/refunds", { payment_id: id, amount: 4_001 }, authHeaders("r2"));
    expect(tooMuch.status).toBe(422);
    expect((await tooMuch.json()).code).toBe("refund_exceeds_payment");
    expect((await post("/v1/refunds", { payment_id: id, amount: 4_000 }, authHeaders("r3"))).status).toBe(
      201,
    );
    expect((await getPaymentJson(app, id)).refunded_amount).toBe(10_000);
  });

  it("refuses refunds of unpaid and unknown payments, and without a key", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    const unpaid = await post("/v1/refunds", { payment_id: p.id, amount: 1 }, authHeaders("a"));
    expect((await unpaid.json()).code).toBe("payment_not_refundable");
    const unknown = await post("/v1/refunds", { payment_id: "pay_x", amount: 1 }, authHeaders("b"));
    expect(unknown.status).toBe(404);
    const noKey = await post("/v1/refunds", { payment_id: p.id, amount: 1 }, authHeaders());
    expect(noKey.status).toBe(400);
  });

  it("notifies refund.succeeded", async () => {
    const sent: string[] = [];
    app = testSandbox({
      fetch: async (_url, init) => {
        sent.push(String(init?.body));
        return new Response("ok");
      },
    });
    const id = await paid();
    await post("/v1/refunds", { payment_id: id, amount: 500 }, authHeaders("r"));
    await app.sandbox.notificationsIdle();
    const last = JSON.parse(sent.at(-1)!);
    expect(last).toMatchObject({
      type: "refund.succeeded",
      payment: { id, refunded_amount: 500 },
      refund: { amount: 500 },
    });
  });
});
