import { randomUUID } from "node:crypto";
import { deliverWebhooks } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { webhookDeliveries } from "@lk/db";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, startReceiver } from "../../../packages/core/test/webhooks-receiver";
import { call, operator } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

// A payment made through a partner's widget reaches `succeeded`/`failed`: the partner's webhook
// URL gets `payment.succeeded`/`payment.failed`, signed with its `whsec_` secret the Standard
// Webhooks way, through the same outbox and worker as company webhooks.

const BANK = "https://bank.example";
let env: PaymentsEnv;
let co: TestCompany;
let receiver: Receiver;
let partner: { id: string; publishable_key: string; webhook_secret: string };
let quiet: { id: string; publishable_key: string };
let ip = 0;

const widget = (pk: string) => ({
  headers: {
    "x-lk-key": pk,
    origin: BANK,
    "x-real-ip": `198.51.100.${++ip}`,
    "idempotency-key": `pw-${randomUUID()}`,
  },
});
const createPartner = async (name: string, webhookUrl?: string) => {
  const res = await call(
    env.app,
    "POST",
    "/v1/operator/partners",
    { name, origins: [BANK], ...(webhookUrl ? { webhook_url: webhookUrl } : {}) },
    operator,
  );
  expect(res.status).toBe(201);
  return res.body;
};
const payThrough = async (pk: string, accountNumber: string, card: string) => {
  const res = await call(
    env.app,
    "POST",
    "/v1/public/payments",
    { account_number: accountNumber, amount: 500_00, method: "card" },
    widget(pk),
  );
  expect(res.status).toBe(201);
  await payOnPage(res.body.confirmation_url, card);
  await env.sandbox.app.sandbox.notificationsIdle();
  return res.body.id as string;
};
const deliver = () => deliverWebhooks({ db: env.conn.db, now: env.clock });
const verified = (i: number, secret = partner.webhook_secret) =>
  new Webhook(secret).verify(
    receiver.received[i]!.body,
    receiver.received[i]!.headers as Record<string, string>,
  ) as {
    type: string;
    data: Record<string, unknown>;
  };

beforeAll(async () => {
  env = await createPaymentsEnv();
  receiver = await startReceiver();
  co = await makeCompany(env.conn, { accountsPerGroup: 1 });
  partner = await createPartner("Банк «Пример»", receiver.url);
  quiet = await createPartner("Без вебхуков");
});
afterAll(async () => {
  await receiver.close();
  await env.close();
});

describe("partner webhooks", () => {
  it("payment.succeeded reaches the partner's URL, signed with its whsec_ secret", async () => {
    expect(partner.webhook_secret).toMatch(/^whsec_/);
    const id = await payThrough(partner.publishable_key, co.accounts[0]!.number, "4242424242424242");
    expect(await deliver()).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(receiver.received).toHaveLength(1);
    const event = verified(0);
    expect(event).toMatchObject({
      type: "payment.succeeded",
      // The fiscal receipt's human number, never the payment's id.
      data: {
        id,
        status: "succeeded",
        amount: 500_00,
        currency: "RUB",
        receipt_number: expect.stringMatching(/^\d{6}$/),
      },
    });
    // The partner sees its payment, not the company's internals.
    expect(event.data).not.toHaveProperty("items");
    expect(receiver.received[0]!.headers["webhook-id"]).toMatch(/^msg_/);
    // A forged signature does not verify: the receiver's check is real.
    expect(() => verified(0, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toThrow();
    // Nothing more to send: exactly once.
    expect(await deliver()).toMatchObject({ attempted: 0 });
  });

  it("payment.failed on a declined card", async () => {
    const id = await payThrough(partner.publishable_key, co.accounts[1]!.number, "4000000000000002");
    expect(await deliver()).toMatchObject({ succeeded: 1 });
    expect(verified(1)).toMatchObject({ type: "payment.failed", data: { id, status: "failed" } });
  });

  it("rotated keys sign with the new secret; a partner without a URL gets nothing", async () => {
    const rotated = await call(
      env.app,
      "POST",
      `/v1/operator/partners/${partner.id}/rotate-keys`,
      {},
      operator,
    );
    expect(rotated.status).toBe(200);
    partner = { ...partner, ...rotated.body };
    const id = await payThrough(partner.publishable_key, co.accounts[2]!.number, "4242424242424242");
    await deliver();
    expect(verified(2, rotated.body.webhook_secret)).toMatchObject({ data: { id } });

    const before = (await env.conn.db.select().from(webhookDeliveries)).length;
    await payThrough(quiet.publishable_key, co.accounts[0]!.number, "4242424242424242");
    expect((await env.conn.db.select().from(webhookDeliveries)).length).toBe(before);
    const partnerRows = await env.conn.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.partnerId, partner.id));
    expect(partnerRows).toHaveLength(3);
    expect(partnerRows.every((d) => d.companyId === null && d.status === "succeeded")).toBe(true);
  });
});
