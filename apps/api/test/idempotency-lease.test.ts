import { randomUUID } from "node:crypto";
import { beginIdempotent, requestHash } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { payments } from "@lk/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv } from "./payments-env";

// Issue 18 item 2: a key claimed by a process that died is not stuck for 24 h — its lease runs out
// and the same request takes it over.
let env: PaymentsEnv;
let co: TestCompany;
let token: string;
beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn, { accountsPerGroup: 1 });
  token = await signIn(env.app, co.accountant.login, co.accountant.password);
});
afterAll(() => env.close());

describe("idempotency lease", () => {
  it("a claim left by a dead owner answers 409 during its lease, then the same request completes once", async () => {
    const key = `lease-${randomUUID()}`;
    const body = { items: [{ account_id: co.accounts[0]!.id, amount: 150_00 }], method: "card" };
    const raw = JSON.stringify(body);
    // What the dead process left: its claim (the middleware's scope and hash of this very request).
    await beginIdempotent(
      env.conn.db,
      `company:${co.id}:POST /v1/payments`,
      key,
      requestHash("POST", "/v1/payments", raw),
      env.clock(),
    );
    const send = (b: unknown = body) =>
      call(env.app, "POST", "/v1/payments", b, { token, headers: { "idempotency-key": key } });
    const during = await send();
    expect(during.status).toBe(409);
    expect(during.body.code).toBe("idempotency_in_progress");
    env.clock.advance(61_000);
    // Another body under the same key is still refused…
    expect(
      (await send({ ...body, items: [{ account_id: co.accounts[0]!.id, amount: 151_00 }] })).status,
    ).toBe(422);
    // …the same one takes the claim over and completes; a replay returns it.
    const after = await send();
    expect(after.status).toBe(201);
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(after.body.id);
    const rows = await env.conn.db.select().from(payments).where(eq(payments.idempotencyKey, key));
    expect(rows.length).toBe(1);
    expect(rows[0]!.acquirerPaymentId).not.toBeNull();
  });
});
