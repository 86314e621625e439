import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AgentTestApp, agentTestApp, pay } from "./agents-env";
import { call, operator } from "./helpers";

// An operator far from Moscow (LK_TIME_ZONE=Asia/Vladivostok, UTC+10): the agents' txn_date, the
// registry's business day and the report's dates are that zone's wall-clock time (ADR 0080), not
// Moscow's +3 h. 00:30 on 5 December in Vladivostok is 17:30 on the 4th in Moscow.

let s: AgentTestApp;
beforeAll(async () => {
  s = await agentTestApp({ env: { LK_TIME_ZONE: "Asia/Vladivostok" } });
});
afterAll(() => s.t.close());

it("reads txn_date, the registry's day and the report in the configured zone", async () => {
  const { t, agent, acc } = s;
  expect((await pay(t, agent, "V1", acc.number, "10.00", { txn_date: "20261205003000" })).result).toBe(0);
  expect((await pay(t, agent, "V2", acc.number, "20.00", { txn_date: "20261205233000" })).result).toBe(0);
  const got = await rows<{ txn_id: string; at: string }>(
    t.conn.db,
    sql`SELECT txn_id, to_char(txn_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS at FROM agent_payments
         WHERE txn_id IN ('V1', 'V2') ORDER BY txn_id`,
  );
  expect(got).toEqual([
    { txn_id: "V1", at: "2026-12-04T14:30" },
    { txn_id: "V2", at: "2026-12-05T13:30" },
  ]);

  // Both lines fall on one business day there (in Moscow they would span two: no date → 400).
  const csv = [
    "txn_id;txn_date;account;sum",
    `V1;20261205003000;${acc.number};10.00`,
    `V2;2026-12-05 23:30:00;${acc.number};20.00`,
  ].join("\n");
  const r = await call(t.app, "POST", `/v1/operator/agents/${agent.login}/registries`, undefined, {
    ...operator,
    rawBody: csv,
    headers: { ...operator.headers, "content-type": "text/csv" },
  });
  expect(r.status).toBe(200);
  expect(r.body.registry).toMatchObject({ date: "2026-12-05", lines: 2 });
  // Our payments of that day are exactly these two: the day's bounds are Vladivostok's midnights.
  expect(r.body.summary).toMatchObject({
    matched: 2,
    missing_ours: 0,
    missing_theirs: 0,
    amount_mismatch: 0,
  });

  const res = await t.app.request(
    `/v1/operator/agents/${agent.id}/registries/${r.body.registry.id}/report.csv`,
    operator,
  );
  const lines = (await res.text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines).toContainEqual(
    expect.stringMatching(/^Совпадает;V1;\d{12};10\.00;10\.00;05\.12\.2026 00:30;05\.12\.2026 00:30;/),
  );
  expect(lines).toContainEqual(
    expect.stringMatching(/^Совпадает;V2;\d{12};20\.00;20\.00;05\.12\.2026 23:30;05\.12\.2026 23:30;/),
  );
});
