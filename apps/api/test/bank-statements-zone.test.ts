import { makeCompany } from "@lk/core/testing";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { make1c } from "./bank-files";
import { createTestApp, operator, type TestApp } from "./helpers";

// An operator at UTC+14 (LK_TIME_ZONE=Pacific/Kiritimati): a transfer the bank credited on
// 5 December is money of 5 December there — in the ledger, the payment and the акт сверки — not of
// the 6th, as noon UTC would make it.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { LK_TIME_ZONE: "Pacific/Kiritimati" } });
});
afterAll(() => t.close());

it("dates a bank credit on the day the bank credited it, in the operator's zone", async () => {
  const co = await makeCompany(t.conn, { accountsPerGroup: 1 });
  const acc = co.accounts[0]!;
  const res = await t.app.request("/v1/operator/bank-statements?file_name=s.txt", {
    method: "POST",
    headers: { ...operator.headers, "content-type": "application/octet-stream" },
    body: new Uint8Array(
      make1c([{ number: "71", date: "05.12.2026", amount: "100.00", purpose: `л/с ${acc.number}` }]),
    ),
  });
  expect(res.status).toBe(200);
  const got = await rows<{ ledger_day: string; status_day: string }>(
    t.conn.db,
    sql`SELECT to_char(e.effective_at AT TIME ZONE 'Pacific/Kiritimati', 'YYYY-MM-DD') AS ledger_day,
               to_char(p.status_changed_at AT TIME ZONE 'Pacific/Kiritimati', 'YYYY-MM-DD') AS status_day
          FROM ledger_entries e JOIN payments p ON p.id::text = e.ref_id::text
         WHERE e.account_id = ${acc.id}::uuid AND p.source = 'bank'`,
  );
  expect(got).toEqual([{ ledger_day: "2026-12-05", status_day: "2026-12-05" }]);
});
