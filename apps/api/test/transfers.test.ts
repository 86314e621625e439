import { accountsOffLedger, makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts, ledgerEntries, transfers } from "@lk/db";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, operator, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let accountant: string;
let viewer: string;
let otherAdmin: string;
let seq = 0;
const key = () => `transfer-key-${Date.now()}-${++seq}`;

const topUp = async (accountId: string, amount: number) => {
  const res = await call(
    t.app,
    "POST",
    "/v1/operator/ledger/adjustments",
    { account_id: accountId, amount, kind: "payment", description: "test top-up" },
    { headers: { ...operator.headers, "idempotency-key": key() } },
  );
  expect(res.status).toBe(201);
};
const balances = async (ids: string[]) => {
  const rs = await t.conn.db
    .select({ id: accounts.id, balance: accounts.balance })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  return Object.fromEntries(rs.map((r) => [r.id, r.balance]));
};
const ledgerBroken = () => accountsOffLedger(t.conn.db);
const transferRows = async () =>
  (await t.conn.db.select({ id: transfers.id }).from(transfers).where(eq(transfers.companyId, co.id))).length;

const post = (body: unknown, token = accountant, k: string | null = key()) =>
  call(t.app, "POST", "/v1/transfers", body, { token, headers: k ? { "idempotency-key": k } : {} });

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  other = await makeCompany(t.conn, { accountsPerGroup: 1 });
  [accountant, viewer, otherAdmin] = await Promise.all([
    signIn(t.app, co.accountant.login, co.accountant.password),
    signIn(t.app, co.viewer.login, co.viewer.password),
    signIn(t.app, other.admin.login, other.admin.password),
  ]);
  await topUp(co.accounts[0]!.id, 1000_00);
});
afterAll(() => t.close());

describe("POST /v1/transfers", () => {
  it("moves money from one account to several in one ledger operation", async () => {
    const [src, a, b] = co.accounts;
    const before = await balances([src!.id, a!.id, b!.id]);
    const res = await post({
      from_account_id: src!.id,
      targets: [
        { account_id: a!.id, amount: 300_00 },
        { account_id: b!.id, amount: 150_50 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      from_account_id: src!.id,
      amount: 450_50,
      currency: "RUB",
      targets: [
        { account_id: a!.id, amount: 300_00 },
        { account_id: b!.id, amount: 150_50 },
      ],
    });
    const after = await balances([src!.id, a!.id, b!.id]);
    expect(after[src!.id]! - before[src!.id]!).toBe(-450_50);
    expect(after[a!.id]! - before[a!.id]!).toBe(300_00);
    expect(after[b!.id]! - before[b!.id]!).toBe(150_50);
    const entries = await t.conn.db
      .select({ op: ledgerEntries.operationId, kind: ledgerEntries.kind })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.refId, res.body.id));
    expect(entries.map((e) => e.kind).sort()).toEqual(["transfer_in", "transfer_in", "transfer_out"]);
    expect(new Set(entries.map((e) => e.op)).size).toBe(1);
    expect(await ledgerBroken()).toBe(0);

    const list = await call(t.app, "GET", "/v1/transfers", undefined, { token: viewer });
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).toContain(res.body.id);
  });

  it("a replay with the same key returns the first transfer and moves nothing", async () => {
    const [src, a] = co.accounts;
    const k = key();
    const body = { from_account_id: src!.id, targets: [{ account_id: a!.id, amount: 10_00 }] };
    const first = await post(body, accountant, k);
    expect(first.status).toBe(201);
    const before = await balances([src!.id, a!.id]);
    const count = await transferRows();
    const again = await post(body, accountant, k);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.id).toBe(first.body.id);
    expect(await balances([src!.id, a!.id])).toEqual(before);
    expect(await transferRows()).toBe(count);
    const changed = await post({ ...body, targets: [{ account_id: a!.id, amount: 11_00 }] }, accountant, k);
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe("idempotency_key_reused");
  });

  it("never takes the source below its minimum: 409 insufficient_funds, nothing written", async () => {
    const [src, a, b] = co.accounts;
    const before = await balances([src!.id, a!.id, b!.id]);
    const count = await transferRows();
    const k = key();
    const body = {
      from_account_id: src!.id,
      targets: [
        { account_id: a!.id, amount: before[src!.id]! - 100 },
        { account_id: b!.id, amount: 200 },
      ],
    };
    const res = await post(body, accountant, k);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("insufficient_funds");
    expect(await balances([src!.id, a!.id, b!.id])).toEqual(before);
    expect(await transferRows()).toBe(count);
    // A 4xx is not remembered: once funded, the same key goes through.
    await topUp(src!.id, 100);
    const retried = await post(body, accountant, k);
    expect(retried.status).toBe(201);
    expect((await balances([src!.id]))[src!.id]).toBe(0);
    expect(await ledgerBroken()).toBe(0);
  });

  it("an account with a credit limit may go down to it, not below", async () => {
    const [, , , src, a] = co.accounts;
    await t.conn.db.update(accounts).set({ minBalance: -50_00 }).where(eq(accounts.id, src!.id));
    const ok = await post({ from_account_id: src!.id, targets: [{ account_id: a!.id, amount: 50_00 }] });
    expect(ok.status).toBe(201);
    const no = await post({ from_account_id: src!.id, targets: [{ account_id: a!.id, amount: 100 }] });
    expect(no.status).toBe(409);
    expect((await balances([src!.id]))[src!.id]).toBe(-50_00);
  });
});

describe("GET /v1/transfers", () => {
  it("lists newest first and pages with next_cursor through every transfer", async () => {
    const all = await call(t.app, "GET", "/v1/transfers?limit=1000", undefined, { token: viewer });
    expect(all.body.data.length).toBeGreaterThanOrEqual(3);
    const times = all.body.data.map((x: { created_at: string }) => x.created_at);
    expect([...times].sort().reverse()).toEqual(times);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await call(t.app, "GET", `/v1/transfers?limit=2${q}`, undefined, { token: viewer });
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((x: { id: string }) => x.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.body.data.map((x: { id: string }) => x.id));
    const bad = await call(t.app, "GET", "/v1/transfers?cursor=zzz", undefined, { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.cursor");
  });
});

describe("security and validation", () => {
  it("401 without a token", async () => {
    const body = {
      from_account_id: co.accounts[0]!.id,
      targets: [{ account_id: co.accounts[1]!.id, amount: 100 }],
    };
    expect(
      (await call(t.app, "POST", "/v1/transfers", body, { headers: { "idempotency-key": key() } })).status,
    ).toBe(401);
    expect((await call(t.app, "GET", "/v1/transfers")).status).toBe(401);
  });

  it("another company's account is 404, as source or target, and its transfers are not listed", async () => {
    const before = await balances([co.accounts[0]!.id, other.accounts[0]!.id]);
    const asTarget = await post({
      from_account_id: co.accounts[1]!.id,
      targets: [{ account_id: other.accounts[0]!.id, amount: 100 }],
    });
    expect(asTarget.status).toBe(404);
    expect(asTarget.body.code).toBe("account_not_found");
    const asSource = await post(
      { from_account_id: co.accounts[0]!.id, targets: [{ account_id: other.accounts[0]!.id, amount: 100 }] },
      otherAdmin,
    );
    expect(asSource.status).toBe(404);
    expect(await balances([co.accounts[0]!.id, other.accounts[0]!.id])).toEqual(before);
    const theirs = await call(t.app, "GET", "/v1/transfers", undefined, { token: otherAdmin });
    expect(theirs.body.data).toEqual([]);
  });

  it("a viewer may not transfer (403)", async () => {
    const res = await post(
      { from_account_id: co.accounts[1]!.id, targets: [{ account_id: co.accounts[2]!.id, amount: 100 }] },
      viewer,
    );
    expect(res.status).toBe(403);
  });

  it("malformed input is 400 naming the field", async () => {
    const src = co.accounts[1]!.id;
    const to = co.accounts[2]!.id;
    const cases: [unknown, string][] = [
      [{ from_account_id: src, targets: [{ account_id: to, amount: "100" }] }, "targets.0.amount"],
      [{ from_account_id: src, targets: [{ account_id: to, amount: 99 }] }, "targets.0.amount"],
      [{ from_account_id: "nope", targets: [{ account_id: to, amount: 100 }] }, "from_account_id"],
      [{ from_account_id: src, targets: [] }, "targets"],
      [
        {
          from_account_id: src,
          targets: [
            { account_id: to, amount: 100 },
            { account_id: to, amount: 100 },
          ],
        },
        "targets.1.account_id",
      ],
      [{ from_account_id: src, targets: [{ account_id: src, amount: 100 }] }, "targets.0.account_id"],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, field).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const closed = co.accounts[5]!.id;
    await t.conn.db.update(accounts).set({ status: "closed" }).where(eq(accounts.id, closed));
    const toClosed = await post({ from_account_id: src, targets: [{ account_id: closed, amount: 100 }] });
    expect(toClosed.status).toBe(400);
    expect(toClosed.body.errors[0]).toMatchObject({ field: "targets.0.account_id", code: "account_closed" });
    const fromClosed = await post({ from_account_id: closed, targets: [{ account_id: to, amount: 100 }] });
    expect(fromClosed.body.errors[0].field).toBe("from_account_id");
    await t.conn.db.update(accounts).set({ status: "active" }).where(eq(accounts.id, closed));
    const noKey = await post(
      { from_account_id: src, targets: [{ account_id: to, amount: 100 }] },
      accountant,
      null,
    );
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe("header.idempotency-key");
    const badLimit = await call(t.app, "GET", "/v1/transfers?limit=0", undefined, { token: viewer });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors[0].field).toBe("query.limit");
  });
});
