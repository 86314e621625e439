import { makeCompany, type TestCompany } from "@lk/core/testing";
import { type Connection, outboxMessages, webhookDeliveries, webhookEndpoints } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverWebhooks,
  emitEvent,
  MAX_ATTEMPTS,
  newWebhookSecret,
  RETRY_DELAYS_MS,
  RETRY_WINDOW_MS,
} from "../src/webhooks/index";
import { type Receiver, startReceiver } from "./webhooks-receiver";

let conn: Connection;
let co: TestCompany;
let rx: Receiver;
let t = Date.now();
const now = () => new Date(t);

async function endpoint(events = ["*"]) {
  const [row] = await conn.db
    .insert(webhookEndpoints)
    .values({ companyId: co.id, url: rx.url, events, secret: newWebhookSecret(), createdAt: now() })
    .returning();
  return row!;
}
const emit = (type: "payment.succeeded" | "balance.low" = "payment.succeeded") =>
  conn.db.transaction((tx) =>
    emitEvent(tx, {
      companyId: co.id,
      type,
      data: { id: "pay_1", amount: 150000, currency: "RUB" },
      now: now(),
    }),
  );
const run = () => deliverWebhooks({ db: conn.db, now, limit: 50 });
const delivery = async (eventId: string) =>
  (await conn.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId)))[0]!;

beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn, { accountsPerGroup: 0 });
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  await conn.close();
});

describe("deliverWebhooks", () => {
  it("POSTs the event signed per Standard Webhooks; the standardwebhooks package verifies it", async () => {
    const ep = await endpoint(["payment.succeeded"]);
    rx.respondWith(200, "ok");
    const { eventId } = await emit();
    const res = await run();
    expect(res).toMatchObject({ attempted: 1, succeeded: 1 });
    const got = rx.received.at(-1)!;
    expect(got.headers["webhook-id"]).toBe(eventId);
    expect(got.headers["content-type"]).toBe("application/json");
    const event = new Webhook(ep.secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      data: { amount: number };
    };
    expect(event.type).toBe("payment.succeeded");
    expect(event.data.amount).toBe(150000);
    const d = await delivery(eventId);
    expect(d).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200, responseExcerpt: "ok" });
    expect(await run()).toMatchObject({ attempted: 0 });
    await conn.db.update(webhookEndpoints).set({ status: "disabled" }).where(eq(webhookEndpoints.id, ep.id));
  });

  it("retries on the schedule, then fails and disables an endpoint that failed for the whole window", async () => {
    const ep = await endpoint(["balance.low"]);
    rx.respondWith(500, "boom");
    const { eventId } = await emit("balance.low");
    const start = t;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect(await run()).toMatchObject({ attempted: 1 });
      const d = await delivery(eventId);
      expect(d.attempts).toBe(i + 1);
      expect(d.lastStatusCode).toBe(500);
      if (i < RETRY_DELAYS_MS.length) {
        expect(d.status).toBe("pending");
        expect(d.nextAttemptAt!.getTime()).toBe(t + RETRY_DELAYS_MS[i]!);
        t += RETRY_DELAYS_MS[i]! - 1;
        expect(await run()).toMatchObject({ attempted: 0 }); // not due yet
        t += 1;
      } else expect(d.status).toBe("failed");
    }
    expect(t - start).toBe(RETRY_WINDOW_MS);
    expect(RETRY_WINDOW_MS / 3_600_000).toBeGreaterThan(71);
    const [e] = await conn.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ep.id));
    expect(e).toMatchObject({ status: "disabled", disabledReason: "failing", consecutiveFailures: 1 });
    const mail = await conn.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.companyId, co.id), eq(outboxMessages.kind, "webhook_endpoint_disabled")));
    expect(mail.map((m) => m.recipient)).toEqual([`${co.admin.login}@example.test`]);
    // A disabled endpoint gets nothing queued.
    expect((await emit("balance.low")).deliveries).toBe(0);
  });

  it("a success in between resets the endpoint's failure clock", async () => {
    const ep = await endpoint(["payment.succeeded"]);
    rx.respondWith(503);
    const first = await emit();
    await run();
    rx.respondWith(204);
    t += RETRY_DELAYS_MS[0]!;
    await run();
    expect((await delivery(first.eventId)).status).toBe("succeeded");
    const [e] = await conn.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ep.id));
    expect(e).toMatchObject({ failingSince: null, consecutiveFailures: 0, status: "active" });
    expect(e!.lastSuccessAt?.getTime()).toBe(t);
  });

  it("records a connection failure without a status code", async () => {
    const [ep] = await conn.db
      .insert(webhookEndpoints)
      .values({
        companyId: co.id,
        url: "http://127.0.0.1:1/nothing",
        events: ["order.updated"],
        secret: newWebhookSecret(),
      })
      .returning();
    const { eventId } = await conn.db.transaction((tx) =>
      emitEvent(tx, { companyId: co.id, type: "order.updated", data: {}, now: now() }),
    );
    await run();
    const d = await delivery(eventId);
    expect(d.status).toBe("pending");
    expect(d.lastStatusCode).toBeNull();
    expect(d.lastError).toMatch(/^connection failed/);
    await conn.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, ep!.id));
  });

  it("gives up on a receiver slower than the timeout", async () => {
    const ep = await endpoint(["account.resumed"]);
    rx.respondWith(200, "late", 2_000);
    const { eventId } = await conn.db.transaction((tx) =>
      emitEvent(tx, { companyId: co.id, type: "account.resumed", data: {}, now: now() }),
    );
    const res = await deliverWebhooks({ db: conn.db, now, timeoutMs: 200 });
    expect(res).toMatchObject({ attempted: 1, retrying: 1 });
    expect(await delivery(eventId)).toMatchObject({ status: "pending", lastError: "timeout after 0.2 s" });
    rx.respondWith(204);
    await conn.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, ep.id));
  });
});
