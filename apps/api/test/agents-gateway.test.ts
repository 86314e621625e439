import { accountsOffLedger, balanceOf, type TestCompany } from "@lk/core/testing";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, agentTestApp, GATEWAY, gateway, makeAgent, pay } from "./agents-env";
import { call, operator, signIn, type TestApp } from "./helpers";

let t: TestApp;
let agent: Agent;
let co: TestCompany;
let acc: { id: string; number: string };

beforeAll(async () => {
  ({ t, agent, co, acc } = await agentTestApp());
});
afterAll(() => t.close());

const q = <T>(text: ReturnType<typeof sql>) => rows<T>(t.conn.db, text);

describe("agent gateway: check", () => {
  it("finds the account: result 0, masked holder and the recommended sum in <fields>", async () => {
    const r = await gateway(t, agent, {
      command: "check",
      txn_id: "1001",
      account: acc.number,
      sum: "10.00",
    });
    expect(r.status).toBe(200);
    expect(r.result).toBe(0);
    expect(r.osmpTxnId).toBe("1001");
    expect(r.sum).toBe("10.00");
    expect(r.fields.holder).toMatch(/^ООО «Т\*{5}»$/);
    expect(r.fields.recommended_sum).toMatch(/^\d+\.\d{2}$/);
    expect(r.xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><response>/);
    // A check moves nothing.
    expect(await balanceOf(t.conn.db, acc.id)).toBe(0);
  });

  it("answers 4 for a bad account format, 5 for an unknown account, 7 for a closed one", async () => {
    const check = (account: string) => gateway(t, agent, { command: "check", txn_id: "1002", account });
    expect((await check("12345")).result).toBe(4);
    expect((await check("77000000000a")).result).toBe(4);
    expect((await check("000000000001")).result).toBe(5);
    const closed = co.accounts[1]!;
    await t.conn.db.execute(sql`UPDATE accounts SET status = 'closed' WHERE id = ${closed.id}::uuid`);
    const r = await check(closed.number);
    expect([r.result, r.comment]).toEqual([7, "Лицевой счёт закрыт"]);
    const p = await pay(t, agent, "1003", closed.number, "100.00");
    expect(p.result).toBe(7);
    expect(await balanceOf(t.conn.db, closed.id)).toBe(0);
  });

  it("answers 300 for an unknown command or a bad txn_id, and for a sum with a comma", async () => {
    expect((await gateway(t, agent, { command: "status", txn_id: "1", account: acc.number })).result).toBe(
      300,
    );
    expect((await gateway(t, agent, { command: "check", account: acc.number })).result).toBe(300);
    expect((await gateway(t, agent, { command: "check", txn_id: "1 2", account: acc.number })).result).toBe(
      300,
    );
    expect(
      (await gateway(t, agent, { command: "check", txn_id: "1", account: acc.number, sum: "10,50" })).result,
    ).toBe(300);
  });
});

describe("agent gateway: pay", () => {
  it("credits the exact kopecks once, with a payment record, notice, e-mail, webhook and акт сверки line", async () => {
    const admin = await signIn(t.app, co.admin.login, co.admin.password);
    const hook = await call(
      t.app,
      "POST",
      "/v1/webhook-endpoints",
      { url: "https://erp.example/hooks", events: ["payment.succeeded"] },
      { token: admin },
    );
    expect(hook.status).toBe(201);
    const before = await balanceOf(t.conn.db, acc.id);
    const r = await pay(t, agent, "9876", acc.number, "100.50");
    expect([r.status, r.result, r.sum, r.osmpTxnId]).toEqual([200, 0, "100.50", "9876"]);
    expect(r.prvTxn).toBeGreaterThan(0);
    expect(await balanceOf(t.conn.db, acc.id)).toBe(before + 10050);
    expect(await accountsOffLedger(t.conn.db, co.id)).toBe(0);

    const [p] = await q<{
      id: string;
      source: string;
      method: string;
      status: string;
      description: string;
      amount: string;
    }>(
      sql`SELECT p.id, p.source, p.method, p.status, p.description, p.amount FROM agent_payments ap
          JOIN payments p ON p.id = ap.payment_id WHERE ap.txn_id = '9876'`,
    );
    expect(p).toMatchObject({
      source: "agent",
      method: "agent",
      status: "succeeded",
      description: "Сбербанк Онлайн, txn 9876",
    });
    expect(Number(p!.amount)).toBe(10050);
    // The agent's commission (80 bp of 100.50 ₽ = 80.4 → 80 kopecks) is the operator's cost, not the customer's.
    const [ap] = await q<{ commission: string }>(
      sql`SELECT commission FROM agent_payments WHERE txn_id = '9876'`,
    );
    expect(Number(ap!.commission)).toBe(80);

    // The history shows it with its channel and source document.
    const hist = await call(t.app, "GET", `/v1/payments/${p!.id}`, undefined, { token: admin });
    expect(hist.status).toBe(200);
    expect(hist.body).toMatchObject({
      source: "agent",
      method: "agent",
      description: "Сбербанк Онлайн, txn 9876",
    });

    const notices = await q<{ body_ru: string }>(
      sql`SELECT body_ru FROM notifications WHERE kind = 'payment_received' AND data->>'payment_id' = ${p!.id}`,
    );
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]!.body_ru).toContain("100,50 ₽");
    const mails = await q<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE kind = 'notice_payment_received' AND company_id = ${co.id}::uuid`,
    );
    expect(mails[0]!.n).toBeGreaterThan(0);
    const hooks = await q<{
      payload: { type: string; data: { source: string; method: string; id: string } };
    }>(
      sql`SELECT payload FROM webhook_deliveries WHERE company_id = ${co.id}::uuid AND event_type = 'payment.succeeded'`,
    );
    const ev = hooks.map((h) => (typeof h.payload === "string" ? JSON.parse(h.payload) : h.payload));
    expect(ev.find((e) => e.data.id === p!.id)?.data).toMatchObject({ source: "agent", method: "agent" });

    const day = new Date().toISOString().slice(0, 10);
    const act = await call(
      t.app,
      "GET",
      `/v1/documents/reconciliation?from=2026-01-01&to=${day > "2026-12-31" ? day : "2026-12-31"}`,
      undefined,
      // The акт's own words are Russian (an English screen names the kind only).
      { token: admin, lang: "ru" },
    );
    expect(act.status).toBe(200);
    expect(
      act.body.lines.some(
        (l: { document: string; credit: number }) =>
          l.document.includes("Сбербанк Онлайн, txn 9876") && l.credit === 10050,
      ),
    ).toBe(true);
  });

  it("a repeated pay answers the first prv_txn and sum and credits nothing more", async () => {
    const first = await pay(t, agent, "5555", acc.number, "250.00");
    const balance = await balanceOf(t.conn.db, acc.id);
    const again = await pay(t, agent, "5555", acc.number, "250.00");
    expect([again.result, again.prvTxn, again.sum]).toEqual([0, first.prvTxn, "250.00"]);
    // Even with another sum: the first one stands (the registry shows any disagreement).
    const other = await pay(t, agent, "5555", acc.number, "999.00");
    expect([other.result, other.prvTxn, other.sum]).toEqual([0, first.prvTxn, "250.00"]);
    expect(await balanceOf(t.conn.db, acc.id)).toBe(balance);
  });

  it("20 identical pays in parallel give one credit and one prv_txn", async () => {
    const target = co.accounts[2]!;
    const before = await balanceOf(t.conn.db, target.id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => pay(t, agent, "777000", target.number, "1234.56")),
    );
    expect(answers.map((a) => a.result)).toEqual(Array(20).fill(0));
    expect(new Set(answers.map((a) => a.prvTxn)).size).toBe(1);
    expect(await balanceOf(t.conn.db, target.id)).toBe(before + 123456);
    const [n] = await q<{ payments: number; entries: number }>(
      sql`SELECT (SELECT count(*)::int FROM payments WHERE idempotency_key = ${`agent:${agent.id}:777000`}) AS payments,
        (SELECT count(*)::int FROM ledger_entries WHERE account_id = ${target.id}::uuid AND amount = 123456) AS entries`,
    );
    expect(n).toEqual({ payments: 1, entries: 1 });
    expect(await accountsOffLedger(t.conn.db, co.id)).toBe(0);
  });

  it("the same txn_id of two agents is two payments", async () => {
    const other = await makeAgent(t, { name: "Киберплат" });
    const a = await pay(t, agent, "424242", acc.number, "1.00");
    const b = await pay(t, other, "424242", acc.number, "1.00");
    expect([a.result, b.result]).toEqual([0, 0]);
    expect(a.prvTxn).not.toBe(b.prvTxn);
  });

  it("answers 241/242 outside 1 ₽ … 1 000 000 ₽ and 300 without a sum or with a bad date", async () => {
    expect((await pay(t, agent, "6001", acc.number, "0.99")).result).toBe(241);
    expect((await pay(t, agent, "6002", acc.number, "1000000.01")).result).toBe(242);
    expect((await pay(t, agent, "6003", acc.number, "1000000.00")).result).toBe(0);
    expect((await gateway(t, agent, { command: "pay", txn_id: "6004", account: acc.number })).result).toBe(
      300,
    );
    expect((await pay(t, agent, "6005", acc.number, "1.00", { txn_date: "20261332000000" })).result).toBe(
      300,
    );
    expect((await pay(t, agent, "6006", acc.number, "1.005")).result).toBe(300);
  });

  it("takes a POST form as well as GET parameters", async () => {
    const r = await gateway(
      t,
      agent,
      { command: "pay", txn_id: "7001", account: acc.number, sum: "5", txn_date: "20261205120000" },
      { method: "POST" },
    );
    expect([r.result, r.sum]).toEqual([0, "5.00"]);
    const [row] = await q<{ txn_date: Date | string }>(
      sql`SELECT txn_date FROM agent_payments WHERE txn_id = '7001'`,
    );
    // 12:00 Moscow time is 09:00 UTC.
    expect(new Date(row!.txn_date).toISOString()).toBe("2026-12-05T09:00:00.000Z");
  });

  it("answers 1 (temporary) when the database fails mid-pay, and the retry credits once", async () => {
    await t.conn.db.execute(sql`CREATE FUNCTION lk_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.txn_id = '8001' THEN RAISE EXCEPTION 'injected' USING ERRCODE = '40001'; END IF; RETURN NEW; END $$`);
    await t.conn.db.execute(
      sql`CREATE TRIGGER lk_test_fail BEFORE INSERT ON agent_payments FOR EACH ROW EXECUTE FUNCTION lk_test_fail()`,
    );
    const before = await balanceOf(t.conn.db, acc.id);
    try {
      const r = await pay(t, agent, "8001", acc.number, "10.00");
      expect([r.status, r.result]).toEqual([200, 1]);
      expect(await balanceOf(t.conn.db, acc.id)).toBe(before);
    } finally {
      await t.conn.db.execute(sql`DROP TRIGGER lk_test_fail ON agent_payments`);
      await t.conn.db.execute(sql`DROP FUNCTION lk_test_fail()`);
    }
    const retry = await pay(t, agent, "8001", acc.number, "10.00");
    expect(retry.result).toBe(0);
    expect(await balanceOf(t.conn.db, acc.id)).toBe(before + 1000);
  });

  it("answers 7 for a disabled agent", async () => {
    const a = await makeAgent(t);
    await call(t.app, "PATCH", `/v1/operator/agents/${a.id}`, { status: "disabled" }, operator);
    const r = await pay(t, a, "9001", acc.number, "10.00");
    expect([r.result, r.comment]).toEqual([7, "Агент отключён"]);
  });
});

describe("agent gateway: who may call", () => {
  it("refuses no credentials, a wrong secret and an unknown login with 401 (result 300)", async () => {
    const params = { command: "check", txn_id: "1", account: acc.number };
    const none = await gateway(t, null, params);
    expect([none.status, none.result]).toEqual([401, 300]);
    const wrong = await gateway(t, { login: agent.login, secret: `${agent.secret.slice(0, -1)}x` }, params);
    expect([wrong.status, wrong.result]).toEqual([401, 300]);
    const unknown = await gateway(t, { login: "nobody", secret: agent.secret }, params);
    expect(unknown.status).toBe(401);
    const res = await t.app.request(`${GATEWAY}?command=check`, { headers: { authorization: "Bearer abc" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(res.headers.get("content-type")).toMatch(/application\/xml/);
  });

  it("refuses a source address outside the allow-list with 403; IPv6 and CIDR blocks work", async () => {
    const params = { command: "check", txn_id: "1", account: acc.number };
    const out = await gateway(t, agent, params, { ip: "198.51.100.1" });
    expect([out.status, out.result]).toEqual([403, 300]);
    expect((await gateway(t, agent, params, { ip: "203.0.113.250" })).status).toBe(200);
    expect((await gateway(t, agent, params, { ip: "::ffff:203.0.113.9" })).status).toBe(200);
    expect((await gateway(t, agent, params, { ip: "2001:db8::5" })).status).toBe(200);
    expect((await gateway(t, agent, params, { ip: "2001:db9::5" })).status).toBe(403);
    const p = await pay(t, agent, "403403", acc.number, "10.00").then(() =>
      gateway(
        t,
        agent,
        { command: "pay", txn_id: "403404", account: acc.number, sum: "10.00" },
        { ip: "198.51.100.1" },
      ),
    );
    expect(p.status).toBe(403);
    const [n] = await q<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM agent_payments WHERE txn_id = '403404'`,
    );
    expect(n!.n).toBe(0);
  });

  it("a rotated secret replaces the old one at once", async () => {
    const a = await makeAgent(t);
    const r = await call(t.app, "POST", `/v1/operator/agents/${a.login}/rotate-secret`, undefined, operator);
    expect(r.status).toBe(200);
    const params = { command: "check", txn_id: "1", account: acc.number };
    expect((await gateway(t, a, params)).status).toBe(401);
    expect((await gateway(t, { login: a.login, secret: r.body.secret }, params)).status).toBe(200);
  });
});
