import { accountsOffLedger, balanceOf, issueTestInvoice, type TestCompany } from "@lk/core/testing";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, agentTestApp, makeAgent, pay } from "./agents-env";
import { call, operator, signIn, type TestApp } from "./helpers";

let t: TestApp;
let agent: Agent;
let co: TestCompany;
let acc: { id: string; number: string };

beforeAll(async () => {
  ({ t, agent, co, acc } = await agentTestApp());
});
afterAll(() => t.close());

const upload = (csv: string, query = "", opts = operator) =>
  call(t.app, "POST", `/v1/operator/agents/${agent.login}/registries${query}`, undefined, {
    ...opts,
    rawBody: csv,
    headers: { ...opts.headers, "content-type": "text/csv" },
  });
const resolve = (registry: string, txn_id: string, action: "accept" | "reverse") =>
  call(
    t.app,
    "POST",
    `/v1/operator/agents/${agent.id}/registries/${registry}/resolutions`,
    { txn_id, action },
    operator,
  );

describe("operator: payment agents", () => {
  it("registers an agent: the secret is shown once and only its hash is stored; audited", async () => {
    const r = await call(
      t.app,
      "POST",
      "/v1/operator/agents",
      {
        login: "Rapida",
        name: "Рапида",
        allowed_sources: ["198.51.100.10", "2001:DB8::/48"],
        timeout_ms: 5000,
      },
      operator,
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      login: "rapida",
      allowed_sources: ["198.51.100.10/32", "2001:db8::/48"],
      commission_bp: 0,
      timeout_ms: 5000,
      status: "active",
    });
    expect(r.body.secret).toMatch(/^agsec_[A-Za-z0-9_-]{43}$/);
    const got = await call(t.app, "GET", `/v1/operator/agents/${r.body.id}`, undefined, operator);
    expect(got.body.secret).toBeUndefined();
    const [stored] = await rows<{ secret_hash: string }>(
      t.conn.db,
      sql`SELECT secret_hash FROM payment_agents WHERE id = ${r.body.id}::uuid`,
    );
    expect(stored!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(r.body.secret);
    const list = await call(t.app, "GET", "/v1/operator/agents", undefined, operator);
    expect(list.body.data.map((a: { login: string }) => a.login)).toContain("rapida");
    const [audit] = await rows<{ n: number }>(
      t.conn.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'agent.created' AND entity_id = ${r.body.id}`,
    );
    expect(audit!.n).toBe(1);
    const dup = await call(
      t.app,
      "POST",
      "/v1/operator/agents",
      { login: "rapida", name: "x", allowed_sources: ["10.0.0.1"] },
      operator,
    );
    expect([dup.status, dup.body.code]).toEqual([409, "agent_login_taken"]);
  });

  it("refuses bad input naming the field, and anyone but the operator", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ login: "ok-login", name: "x", allowed_sources: ["10.0.0.300"] }, "allowed_sources.0"],
      [{ login: "ok-login", name: "x", allowed_sources: ["10.0.0.0/33"] }, "allowed_sources.0"],
      [{ login: "ok-login", name: "x", allowed_sources: [] }, "allowed_sources"],
      [{ login: "a b", name: "x", allowed_sources: ["10.0.0.1"] }, "login"],
      [
        { login: "ok-login", name: "x", allowed_sources: ["10.0.0.1"], commission_bp: 10001 },
        "commission_bp",
      ],
      [{ login: "ok-login", name: "x", allowed_sources: ["10.0.0.1"], timeout_ms: 10 }, "timeout_ms"],
    ];
    for (const [body, field] of cases) {
      const r = await call(t.app, "POST", "/v1/operator/agents", body, { ...operator, lang: "ru" });
      expect([r.status, r.body.errors?.[0]?.field], JSON.stringify(body)).toEqual([400, field]);
    }
    expect((await call(t.app, "GET", "/v1/operator/agents")).status).toBe(401);
    const token = await signIn(t.app, co.admin.login, co.admin.password);
    expect((await call(t.app, "GET", "/v1/operator/agents", undefined, { token })).status).toBe(403);
    expect((await upload("txn_id;txn_date;account;sum\n", "", { token } as never)).status).toBe(403);
    expect((await call(t.app, "GET", "/v1/operator/agents/nobody", undefined, operator)).status).toBe(404);
  });
});

describe("agent registries and reconciliation", () => {
  let registry: string;
  const day = "20261205";

  it("reports matched, missing on our side, missing on theirs and amount mismatches", async () => {
    // Ours: R1 100.00 (they agree), R2 50.00 (they say 60.00), R3 30.00 (they do not list it),
    // R5 20.00 (they say 15.00). Theirs also has R4 70.00 that never reached us.
    for (const [txn, sum] of [
      ["R1", "100.00"],
      ["R2", "50.00"],
      ["R3", "30.00"],
      ["R5", "20.00"],
    ] as const)
      expect((await pay(t, agent, txn, acc.number, sum, { txn_date: `${day}101500` })).result).toBe(0);
    const csv = [
      "txn_id;txn_date;account;sum",
      `R1;${day}101500;${acc.number};100.00`,
      `R2;2026-12-05 10:15:00;${acc.number};60.00`,
      `R4;${day}235959;${acc.number};70.00`,
      `R5;${day}101500;${acc.number};15`,
    ].join("\n");
    const r = await upload(csv, "?file_name=sber-2026-12-05.csv");
    expect(r.status).toBe(200);
    registry = r.body.registry.id;
    expect(r.body.registry).toMatchObject({
      date: "2026-12-05",
      lines: 4,
      total: 24500,
      file_name: "sber-2026-12-05.csv",
    });
    expect(r.body.summary).toMatchObject({
      matched: 1,
      missing_ours: 1,
      missing_theirs: 1,
      amount_mismatch: 2,
      unresolved: 4,
    });
    const byTxn = Object.fromEntries(r.body.data.map((x: { txn_id: string }) => [x.txn_id, x]));
    expect(byTxn.R2).toMatchObject({ kind: "amount_mismatch", their_amount: 6000, our_amount: 5000 });
    expect(byTxn.R3).toMatchObject({ kind: "missing_theirs", their_amount: null, our_amount: 3000 });
    expect(byTxn.R4).toMatchObject({ kind: "missing_ours", their_amount: 7000, our_amount: null });
    // The same file again is the same registry.
    const again = await upload(csv);
    expect(again.body.registry.id).toBe(registry);
    const list = await call(t.app, "GET", `/v1/operator/agents/${agent.id}/registries`, undefined, operator);
    expect(list.body.data).toHaveLength(1);
  });

  it("downloads the report as CSV", async () => {
    const res = await t.app.request(
      `/v1/operator/agents/${agent.id}/registries/${registry}/report.csv`,
      operator,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("result;txn_id;account;their_sum;our_sum;their_date;our_date;prv_txn;resolution");
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Расхождение суммы;R2;\d{12};60\.00;50\.00;05\.12\.2026 10:15;05\.12\.2026 10:15;\d+;$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^Нет у нас;R4;\d{12};70\.00;;05\.12\.2026 23:59;;;$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^Нет у агента;R3;/));
  });

  it("resolves each kind through the ledger, once, audited", async () => {
    const start = await balanceOf(t.conn.db, acc.id);
    // Missing on our side → accepted: credited as an agent payment.
    const a = await resolve(registry, "R4", "accept");
    expect(a.status).toBe(200);
    expect(await balanceOf(t.conn.db, acc.id)).toBe(start + 7000);
    expect((await resolve(registry, "R4", "accept")).status).toBe(200); // a repeat moves nothing
    expect(await balanceOf(t.conn.db, acc.id)).toBe(start + 7000);
    // Missing on theirs → our payment reversed.
    expect((await resolve(registry, "R3", "reverse")).status).toBe(200);
    expect(await balanceOf(t.conn.db, acc.id)).toBe(start + 7000 - 3000);
    // Amount mismatches accepted at the agent's figure: +10.00 for R2, −5.00 for R5.
    expect((await resolve(registry, "R2", "accept")).status).toBe(200);
    const last = await resolve(registry, "R5", "accept");
    expect(await balanceOf(t.conn.db, acc.id)).toBe(start + 7000 - 3000 + 1000 - 500);
    expect(last.body.summary.unresolved).toBe(0);
    const r3 = last.body.data.find((x: { txn_id: string }) => x.txn_id === "R3");
    expect(r3.resolution).toMatchObject({ action: "reverse", amount: -3000 });
    // Nothing to do for a matched line; another resolution of a resolved one is a conflict.
    expect((await resolve(registry, "R1", "reverse")).status).toBe(409);
    expect((await resolve(registry, "R3", "accept")).status).toBe(409);
    expect((await resolve(registry, "NOPE", "accept")).status).toBe(409);

    const [p] = await rows<{ status: string; refunded_amount: string }>(
      t.conn.db,
      sql`SELECT p.status, p.refunded_amount FROM agent_payments ap JOIN payments p ON p.id = ap.payment_id WHERE ap.txn_id = 'R3'`,
    );
    expect([p!.status, Number(p!.refunded_amount)]).toEqual(["refunded", 3000]);
    const [ap] = await rows<{ status: string; origin: string }>(
      t.conn.db,
      sql`SELECT (SELECT status FROM agent_payments WHERE txn_id = 'R3') AS status, (SELECT origin FROM agent_payments WHERE txn_id = 'R4') AS origin`,
    );
    expect(ap).toEqual({ status: "reversed", origin: "registry" });
    const [audits] = await rows<{ n: number }>(
      t.conn.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'agent.registry_%' AND action <> 'agent.registry_imported'`,
    );
    expect(audits!.n).toBe(4);
    expect(await accountsOffLedger(t.conn.db, co.id)).toBe(0);
  });

  it("a reversed payment reopens the invoice it had settled; the pay settled it at once", async () => {
    const target = co.accounts[1]!;
    const inv = await issueTestInvoice(t.conn.db, { companyId: co.id, accountId: target.id, total: 120_000 });
    const status = async () =>
      (
        await rows<{ status: string }>(t.conn.db, sql`SELECT status FROM invoices WHERE id = ${inv.id}::uuid`)
      )[0]!.status;
    expect(await status()).not.toBe("paid");
    expect(
      (await pay(t, agent, "INV1", target.number, "1200.00", { txn_date: "20261207101500" })).result,
    ).toBe(0);
    expect(await status()).toBe("paid");
    const reg = await upload(["txn_id;txn_date;account;sum"].join("\n"), "?date=2026-12-07");
    expect(reg.body.summary.missing_theirs).toBe(1);
    expect((await resolve(reg.body.registry.id, "INV1", "reverse")).status).toBe(200);
    expect(await status()).toMatch(/^(issued|overdue)$/);
    expect(await balanceOf(t.conn.db, target.id)).toBe(-120_000);
    const inv2 = await call(t.app, "GET", `/v1/invoices/${inv.id}`, undefined, {
      token: await signIn(t.app, co.admin.login, co.admin.password),
    });
    expect(inv2.body.amount_due).toBe(120_000);
    expect(await accountsOffLedger(t.conn.db, co.id)).toBe(0);
  });

  it("a bad registry names its line and stores nothing", async () => {
    const bad = [
      "txn_id;txn_date;account;sum",
      `X1;${day}101500;${acc.number};1.00`,
      `X2;${day}101500;${acc.number};1,00`,
    ].join("\n");
    const r = await upload(bad, "", { ...operator, lang: "ru" } as never);
    expect([r.status, r.body.code, r.body.errors[0].field]).toEqual([400, "invalid_registry", "file"]);
    expect(r.body.detail).toContain("Строка 3");
    const noCols = await upload("txn;date\n1;2\n");
    expect(noCols.status).toBe(400);
    const twoDays = [
      "txn_id;txn_date;account;sum",
      `Y1;20261205101500;${acc.number};1.00`,
      `Y2;20261206101500;${acc.number};1.00`,
    ].join("\n");
    const d = await upload(twoDays);
    expect([d.status, d.body.errors[0].field]).toEqual([400, "date"]);
    expect((await upload(twoDays, "?date=2026-12-06")).status).toBe(200);
    const [n] = await rows<{ n: number }>(
      t.conn.db,
      sql`SELECT count(*)::int AS n FROM agent_registry_lines WHERE txn_id = 'X1'`,
    );
    expect(n!.n).toBe(0);
    const other = await makeAgent(t);
    expect(
      (
        await call(
          t.app,
          "GET",
          `/v1/operator/agents/${other.id}/registries/${registry}`,
          undefined,
          operator,
        )
      ).status,
    ).toBe(404);
  });
});
