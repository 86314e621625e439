import { makeCompany, type TestCompany } from "@lk/core/testing";
import { type Connection, webhookDeliveries, webhookEndpoints } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitEvent } from "../src/webhooks/index";

let conn: Connection;
let a: TestCompany;
let b: TestCompany;
const now = new Date("2026-03-01T10:00:00.000Z");

beforeAll(async () => {
  conn = await createTestDatabase();
  a = await makeCompany(conn, { accountsPerGroup: 0 });
  b = await makeCompany(conn, { accountsPerGroup: 0 });
  const endpoint = (companyId: string, events: string[], status: "active" | "disabled" = "active") => ({
    companyId,
    url: "https://example.test/hook",
    events,
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    status,
  });
  await conn.db
    .insert(webhookEndpoints)
    .values([
      endpoint(a.id, ["payment.succeeded"]),
      endpoint(a.id, ["*"]),
      endpoint(a.id, ["invoice.issued"]),
      endpoint(a.id, ["payment.succeeded"], "disabled"),
      endpoint(b.id, ["*"]),
    ]);
});
afterAll(() => conn.close());

describe("emitEvent", () => {
  it("queues one delivery per subscribed active endpoint of the company, in the caller's transaction", async () => {
    const res = await conn.db.transaction((tx) =>
      emitEvent(tx, { companyId: a.id, type: "payment.succeeded", data: { id: "p1", amount: 100 }, now }),
    );
    expect(res.deliveries).toBe(2);
    expect(res.eventId).toMatch(/^msg_[0-9a-f]{32}$/);
    const rows = await conn.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, res.eventId));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.companyId).toBe(a.id);
      expect(r.status).toBe("pending");
      expect(r.nextAttemptAt?.toISOString()).toBe(now.toISOString());
      expect(r.payload).toEqual({
        type: "payment.succeeded",
        timestamp: now.toISOString(),
        data: { id: "p1", amount: 100 },
      });
    }
  });

  it("queues nothing when the transaction rolls back", async () => {
    let eventId = "";
    await expect(
      conn.db.transaction(async (tx) => {
        eventId = (await emitEvent(tx, { companyId: a.id, type: "invoice.issued", data: {}, now })).eventId;
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const rows = await conn.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
    expect(rows).toHaveLength(0);
  });
});
