import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AgentTestApp, agentTestApp, pay } from "./agents-env";
import { call, operator, signIn, testClock } from "./helpers";

// An agent payment is dated when the payer paid (the agent's txn_date, LK_TIME_ZONE), not when the
// agent's request reached us: a payment taken at 23:55 on 30 November and reported at noon on
// 1 December is November's money in the payment history, the ledger (so the акт сверки) and the
// registry reconciliation. When it reached us is kept beside it.

const ARRIVAL = new Date("2026-12-01T09:00:00Z"); // 12:00 on 1 December in Moscow

let s: AgentTestApp;
beforeAll(async () => {
  s = await agentTestApp({ clock: testClock(ARRIVAL) });
});
afterAll(() => s.t.close());

it("dates the payment, its ledger credit and its акт сверки line by txn_date; keeps the arrival", async () => {
  const { t, agent, co, acc } = s;
  const r = await pay(t, agent, "N30", acc.number, "100.00", { txn_date: "20261130235500" });
  expect(r.result).toBe(0);
  const paid = "2026-11-30T20:55:00.000Z"; // 23:55 Moscow

  const [ap] = await rows<{ payment_id: string; txn_date: Date | string; created_at: Date | string }>(
    t.conn.db,
    sql`SELECT payment_id, txn_date, created_at FROM agent_payments WHERE txn_id = 'N30'`,
  );
  expect(new Date(ap!.txn_date).toISOString()).toBe(paid);
  expect(new Date(ap!.created_at).toISOString()).toBe(ARRIVAL.toISOString()); // the arrival

  // The history: the payment's date is when the payer paid; succeeded_at is when we credited it.
  const admin = await signIn(t.app, co.admin.login, co.admin.password);
  const p = await call(t.app, "GET", `/v1/payments/${ap!.payment_id}`, undefined, { token: admin });
  expect(p.status).toBe(200);
  expect(p.body.created_at).toBe(paid);
  expect(p.body.succeeded_at).toBe(ARRIVAL.toISOString());
  // …and the history's date filter finds it in November, not in December.
  const inNov = await call(
    t.app,
    "GET",
    "/v1/payments?from=2026-11-30T00:00:00%2B03:00&to=2026-12-01T00:00:00%2B03:00",
    undefined,
    { token: admin },
  );
  expect(inNov.body.data.map((x: { id: string }) => x.id)).toContain(ap!.payment_id);
  const inDec = await call(t.app, "GET", "/v1/payments?from=2026-12-01T00:00:00%2B03:00", undefined, {
    token: admin,
  });
  expect(inDec.body.data.map((x: { id: string }) => x.id)).not.toContain(ap!.payment_id);

  // The ledger credit counts from txn_date (created_at of the entry stays the posting time).
  const [le] = await rows<{ effective_at: Date | string; created_at: Date | string }>(
    t.conn.db,
    sql`SELECT effective_at, created_at FROM ledger_entries WHERE ref_type = 'payment' AND ref_id = ${ap!.payment_id}`,
  );
  expect(new Date(le!.effective_at).toISOString()).toBe(paid);
  expect(new Date(le!.created_at).toISOString()).toBe(ARRIVAL.toISOString());

  // The акт сверки: November's has the line, dated 30.11; December's does not.
  const act = (from: string, to: string) =>
    call(t.app, "GET", `/v1/documents/reconciliation?from=${from}&to=${to}`, undefined, {
      token: admin,
      lang: "ru",
    });
  type Line = { date: string; document: string; credit: number };
  const nov = await act("2026-11-01", "2026-11-30");
  expect(nov.status).toBe(200);
  const line = nov.body.lines.find((l: Line) => l.document.includes("txn N30"));
  expect(line).toMatchObject({ date: "2026-11-30", credit: 10000 });
  const dec = await act("2026-12-01", "2026-12-31");
  expect(dec.body.lines.some((l: Line) => l.document.includes("txn N30"))).toBe(false);

  // The registry of 30 November matches it.
  const csv = ["txn_id;txn_date;account;sum", `N30;20261130235500;${acc.number};100.00`].join("\n");
  const reg = await call(t.app, "POST", `/v1/operator/agents/${agent.login}/registries`, undefined, {
    ...operator,
    rawBody: csv,
    headers: { ...operator.headers, "content-type": "text/csv" },
  });
  expect(reg.status).toBe(200);
  expect(reg.body.registry).toMatchObject({ date: "2026-11-30", lines: 1 });
  expect(reg.body.summary).toMatchObject({ matched: 1, missing_ours: 0, missing_theirs: 0 });
});

it("a txn_date ahead of our clock dates the payment now; the agent's figure is kept for the registry", async () => {
  const { t, agent, co, acc } = s;
  // 13:00 Moscow: an hour ahead of the arrival.
  expect((await pay(t, agent, "AHEAD", acc.number, "5.00", { txn_date: "20261201130000" })).result).toBe(0);
  const [ap] = await rows<{ payment_id: string; txn_date: Date | string }>(
    t.conn.db,
    sql`SELECT payment_id, txn_date FROM agent_payments WHERE txn_id = 'AHEAD'`,
  );
  expect(new Date(ap!.txn_date).toISOString()).toBe("2026-12-01T10:00:00.000Z");
  const admin = await signIn(t.app, co.admin.login, co.admin.password);
  const p = await call(t.app, "GET", `/v1/payments/${ap!.payment_id}`, undefined, { token: admin });
  expect(p.body.created_at).toBe(ARRIVAL.toISOString());
  const [le] = await rows<{ effective_at: Date | string }>(
    t.conn.db,
    sql`SELECT effective_at FROM ledger_entries WHERE ref_type = 'payment' AND ref_id = ${ap!.payment_id}`,
  );
  expect(new Date(le!.effective_at).toISOString()).toBe(ARRIVAL.toISOString());
});
