import { Hono } from "hono";
import type { Payments } from "../payments";
import { paymentJson, refundJson } from "../serialize";
import { type ApiEnv, shopAuth } from "./auth";
import {
  parseChargeToken,
  parseCreatePayment,
  parseRefund,
  readJson,
  requireIdempotencyKey,
} from "./validate";

interface ApiDeps {
  payments: Payments;
  secretOf: (shopId: string) => string | undefined;
  /** Base of confirmation URLs; by default the origin the API was called on. */
  publicUrl: string | undefined;
}

/** Server-to-server API under /v1. */
export function apiRoutes({ payments, secretOf, publicUrl }: ApiDeps) {
  const api = new Hono<ApiEnv>();
  api.use("*", shopAuth(secretOf));

  api.post("/payments", async (c) => {
    const key = requireIdempotencyKey(c.req.header("Idempotency-Key"));
    const body = await readJson(c.req);
    const base = publicUrl ?? new URL(c.req.url).origin;
    const shopId = c.get("shopId");
    const { payment, replayed } =
      body.payment_method_token !== undefined
        ? payments.chargeToken(shopId, key, base, parseChargeToken(body))
        : payments.create(shopId, key, base, parseCreatePayment(body));
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json(paymentJson(payment), replayed ? 200 : 201);
  });

  api.get("/payments/:id", (c) => c.json(paymentJson(payments.get(c.get("shopId"), c.req.param("id")))));

  api.post("/payments/:id/cancel", (c) =>
    c.json(paymentJson(payments.cancel(c.get("shopId"), c.req.param("id")))),
  );

  api.post("/refunds", async (c) => {
    const key = requireIdempotencyKey(c.req.header("Idempotency-Key"));
    const input = parseRefund(await readJson(c.req));
    const { refund, replayed } = payments.refund(c.get("shopId"), key, input);
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json(refundJson(refund), replayed ? 200 : 201);
  });

  return api;
}
