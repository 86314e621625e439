import { randomUUID } from "node:crypto";
import { accountsOffLedger, makeCompany, type TestCompany } from "@lk/core/testing";
import { auditLog, payments } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultJobs } from "../src/jobs/jobs";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

// The sweeper of orphan drafts (issue 18): a card payment whose request died before the acquirer's
// answer was stored, and that nobody retried, is failed as `abandoned` by a job — audited, money
// untouched. Here the acquirer is not reachable at all (no acquirer configured: 503), which leaves
// exactly such a draft, as a process killed mid-request does (crash.test.ts kills one for real).
let t: TestApp;
let co: TestCompany;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn, { accountsPerGroup: 1 });
  token = await signIn(t.app, co.accountant.login, co.accountant.password);
});
afterAll(() => t.close());

const sweep = () =>
  defaultJobs(t.app.deps)
    .find((j) => j.name === "abandoned-payments")!
    .run();

describe("abandoned payment drafts", () => {
  it("are failed with reason abandoned after 30 minutes, once, audited; a retry then reads the failure", async () => {
    const key = `orphan-${randomUUID()}`;
    const body = { items: [{ account_id: co.accounts[0]!.id, amount: 300_00 }], method: "card" };
    const first = await call(t.app, "POST", "/v1/payments", body, {
      token,
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(503);
    const draft = async () =>
      (await t.conn.db.select().from(payments).where(eq(payments.idempotencyKey, key)))[0]!;
    expect(await draft()).toMatchObject({ status: "pending", acquirerPaymentId: null });

    // Within the threshold it is left alone: a retry with the same key may still continue it.
    t.clock.advance(29 * 60_000);
    expect(await sweep()).toEqual({ abandoned: 0 });
    expect((await draft()).status).toBe("pending");

    t.clock.advance(2 * 60_000);
    expect(await sweep()).toEqual({ abandoned: 1 });
    expect(await sweep()).toEqual({ abandoned: 0 });
    const p = await draft();
    expect(p).toMatchObject({ status: "failed", failureReason: "abandoned" });
    const audited = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, p.id), eq(auditLog.action, "payment.failed")));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.actorType).toBe("operator");
    expect(await accountsOffLedger(t.conn.db, co.id)).toBe(0);

    // The customer's history says so, and the same key does not start it again.
    token = await signIn(t.app, co.accountant.login, co.accountant.password);
    const seen = await call(t.app, "GET", `/v1/payments/${p.id}`, undefined, { token });
    expect(seen.body).toMatchObject({ status: "failed", failure_reason: "abandoned" });
    const retry = await call(t.app, "POST", "/v1/payments", body, {
      token,
      headers: { "idempotency-key": key },
    });
    expect(await t.conn.db.select().from(payments).where(eq(payments.idempotencyKey, key))).toHaveLength(1);
    expect(retry.status === 503 || retry.body.status === "failed").toBe(true);
  });
});
