import { type AcquirerProvider, createSandboxProvider } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../src/app";
import { call, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, paymentsConfig, SECRET, SHOP } from "./payments-env";

// A payment's create answer is built from its draft plus the acquirer's fields, without reading the
// row back (ADR 0068). While the acquirer is asked, the payment can change under it (a cancel, an
// early notification): the answer must then be the stored payment, not the draft.
let env: PaymentsEnv;
let co: TestCompany;
let token: string;
let app: App;

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn);
  token = await signIn(env.app, co.accountant.login, co.accountant.password);
  const real = createSandboxProvider({ baseUrl: env.sandbox.url, shopId: SHOP, secretKey: SECRET });
  // The acquirer answers only after the payer's colleague has canceled the payment.
  const acquirer: AcquirerProvider = Object.assign(Object.create(real) as AcquirerProvider, {
    name: real.name,
    async createPayment(input: Parameters<AcquirerProvider["createPayment"]>[0]) {
      const canceled = await call(env.app, "POST", `/v1/payments/${input.orderId}/cancel`, undefined, {
        token,
      });
      expect(canceled.status).toBe(200);
      return real.createPayment(input);
    },
  });
  app = createApp({ conn: env.conn, config: paymentsConfig(), now: env.clock, acquirer });
});
afterAll(() => env.close());

describe("POST /v1/payments while the payment changes during the acquirer call", () => {
  it("answers the stored payment (canceled), not the draft (pending)", async () => {
    const res = await call(
      app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: co.accounts[0]!.id, amount: 100_00 }], method: "card" },
      { token, headers: { "idempotency-key": `race-${crypto.randomUUID()}` } },
    );
    expect(res.status).toBe(201);
    const stored = await call(app, "GET", `/v1/payments/${res.body.id}`, undefined, { token });
    expect(stored.body.status).toBe("canceled");
    expect(res.body).toEqual(stored.body);
  });
});
