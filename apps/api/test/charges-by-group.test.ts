import { postLedger } from "@lk/core";
import { makeCompany, restrictUser, type TestCompany } from "@lk/core/testing";
import { accounts, rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp, testClock } from "./helpers";

// The overview's spending chart in one request (ADR 0097): charges per top-level group and
// month, subgroups rolled up, months in Moscow time, only what the caller may see — and the same
// figures the balance report gives per group and month.

let t: TestApp;
let co: TestCompany;
let token: string;
const [moscow, regions, kazan] = [0, 1, 2];

beforeAll(async () => {
  // 10 December 2026, 12:00 in Moscow.
  t = await createTestApp({ clock: testClock(new Date("2026-12-10T09:00:00Z")) });
  co = await makeCompany(t.conn, { accountsPerGroup: 1 });
  const [loose] = await t.conn.db
    .insert(accounts)
    .values({ companyId: co.id, number: `77${Date.now()}`.slice(0, 12), region: "77" })
    .returning({ id: accounts.id });
  const acc = (g: number) => co.accounts.find((a) => a.groupId === co.groups[g]!.id)!.id;
  const at = (iso: string) => new Date(iso);
  const now = new Date("2026-12-10T09:00:00Z");
  await t.conn.db.transaction((tx) =>
    postLedger(
      tx,
      [
        {
          accountId: acc(moscow),
          kind: "charge",
          amount: -100_00,
          description: "Абонентская плата",
          effectiveAt: at("2026-11-15T09:00:00Z"),
        },
        {
          accountId: acc(moscow),
          kind: "charge",
          amount: -250_50,
          description: "Абонентская плата",
          effectiveAt: at("2026-12-02T09:00:00Z"),
        },
        // A payment is not a charge.
        {
          accountId: acc(moscow),
          kind: "payment",
          amount: 1_000_00,
          description: "Оплата",
          effectiveAt: at("2026-12-03T09:00:00Z"),
        },
        // 21:30 UTC on 30 November is 00:30 on 1 December in Moscow: December's.
        {
          accountId: acc(regions),
          kind: "charge",
          amount: -40_00,
          description: "Звонки",
          effectiveAt: at("2026-11-30T21:30:00Z"),
        },
        // Kazan is a subgroup of Regions: rolled up into it.
        {
          accountId: acc(kazan),
          kind: "charge",
          amount: -7_00,
          description: "Звонки",
          effectiveAt: at("2026-11-20T09:00:00Z"),
        },
        // October is outside two months up to December.
        {
          accountId: acc(kazan),
          kind: "charge",
          amount: -999_00,
          description: "Звонки",
          effectiveAt: at("2026-10-20T09:00:00Z"),
        },
        {
          accountId: loose!.id,
          kind: "charge",
          amount: -3_00,
          description: "Звонки",
          effectiveAt: at("2026-12-05T09:00:00Z"),
        },
        // Dated after every period asked for: in the cached balance, in no report below.
        {
          accountId: acc(moscow),
          kind: "adjustment",
          amount: 55_00,
          description: "Корректировка",
          effectiveAt: at("2027-02-01T09:00:00Z"),
        },
      ],
      { now },
    ),
  );
  token = await signIn(t.app, co.accountant.login, co.accountant.password);
});
afterAll(() => t.close());

it("sums charges per top-level group and Moscow month in one answer, subgroups rolled up", async () => {
  const r = await call(t.app, "GET", "/v1/balance/charges-by-group", undefined, { token });
  expect(r.status).toBe(200);
  expect(r.body.periods).toEqual(["2026-11", "2026-12"]);
  expect(r.body).toMatchObject({ from: "2026-11-01", to: "2026-12-31", currency: "RUB" });
  const by = Object.fromEntries(
    r.body.data.map((g: { name: string | null; charges: { amount: number }[] }) => [
      g.name ?? "—",
      g.charges.map((c) => c.amount),
    ]),
  );
  expect(by).toEqual({ Москва: [100_00, 250_50], Регионы: [7_00, 40_00], "—": [0, 3_00] });
  expect(r.body.data.at(-1)).toMatchObject({ group_id: null, name: null });
});

it("gives what the balance report gives for each group and month", async () => {
  const r = await call(t.app, "GET", "/v1/balance/charges-by-group?period=2026-12&months=3", undefined, {
    token,
  });
  expect(r.body.periods).toEqual(["2026-10", "2026-11", "2026-12"]);
  for (const g of r.body.data.filter((x: { group_id: string | null }) => x.group_id)) {
    for (const c of g.charges) {
      const b = await call(t.app, "GET", `/v1/balance?period=${c.period}&group_id=${g.group_id}`, undefined, {
        token,
      });
      expect(b.body.charges, `${g.name} ${c.period}`).toBe(c.amount);
    }
  }
});

it("opens each report with the sum of every entry before it (read as the balance less what moved since)", async () => {
  const before = async (from: string, groupIds: string[] | null) => {
    const [r] = await rows<{ s: string | number }>(
      t.conn.db,
      sql`SELECT coalesce(sum(e.amount), 0)::bigint AS s FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
          WHERE e.company_id = ${co.id} AND e.effective_at < ${from}::timestamptz
            ${
              groupIds
                ? sql`AND a.group_id IN (${sql.join(
                    groupIds.map((g) => sql`${g}::uuid`),
                    sql`, `,
                  )})`
                : sql``
            }`,
    );
    return Number(r!.s);
  };
  const cases: [string, string, string | null, string[] | null][] = [
    ["2026-11", "2026-10-31T21:00:00Z", null, null],
    ["2026-12", "2026-11-30T21:00:00Z", null, null],
    ["2027-01", "2026-12-31T21:00:00Z", null, null],
    [
      "2026-12",
      "2026-11-30T21:00:00Z",
      co.groups[regions]!.id,
      [co.groups[regions]!.id, co.groups[kazan]!.id],
    ],
    ["2026-12", "2026-11-30T21:00:00Z", co.groups[moscow]!.id, [co.groups[moscow]!.id]],
  ];
  for (const [period, from, groupId, ids] of cases) {
    const q = groupId ? `&group_id=${groupId}` : "";
    const b = await call(t.app, "GET", `/v1/balance?period=${period}${q}`, undefined, { token });
    expect(b.status).toBe(200);
    expect(b.body.opening_balance, `${period} ${groupId}`).toBe(await before(from, ids));
    const moved = b.body.by_kind.reduce((s: number, k: { amount: number }) => s + k.amount, 0);
    expect(b.body.closing_balance).toBe(b.body.opening_balance + moved);
  }
});

it("shows a user limited to a subgroup only that subgroup, as a top", async () => {
  const viewer = await makeCompany(t.conn); // a second company's data must not leak either
  expect(viewer.id).not.toBe(co.id);
  await restrictUser(t.conn, co.viewer.id, [co.groups[kazan]!.id]);
  const vt = await signIn(t.app, co.viewer.login, co.viewer.password);
  const r = await call(t.app, "GET", "/v1/balance/charges-by-group", undefined, { token: vt });
  expect(r.status).toBe(200);
  expect(r.body.data).toEqual([
    {
      group_id: co.groups[kazan]!.id,
      name: "Казань",
      cost_center: "CC-210",
      charges: [
        { period: "2026-11", amount: 7_00 },
        { period: "2026-12", amount: 0 },
      ],
    },
  ]);
});

it("refuses a bad month count or period naming the field, and a caller with no token", async () => {
  const m = await call(t.app, "GET", "/v1/balance/charges-by-group?months=13", undefined, {
    token,
    lang: "ru",
  });
  expect(m.status).toBe(400);
  expect(m.body.errors.map((e: { field: string }) => e.field)).toContain("query.months");
  const p = await call(t.app, "GET", "/v1/balance/charges-by-group?period=2026-13", undefined, { token });
  expect(p.status).toBe(400);
  expect(p.body.errors.map((e: { field: string }) => e.field)).toContain("query.period");
  const none = await call(t.app, "GET", "/v1/balance/charges-by-group");
  expect(none.status).toBe(401);
});
