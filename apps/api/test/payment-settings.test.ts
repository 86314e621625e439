// The operator sets a company's payment terms (GET/PATCH /v1/operator/companies/{id}/payment-settings):
// switching the trust payment on lets the company's credit accounts take one — the promised
// payment's rules (limit, 5 days, once a month) — and switching it off refuses it again.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expirePromisedPayments, postLedger } from "@lk/core";
import { chargeMonthsBefore, makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts, auditLog, companyPaymentSettings, connect, ledgerEntries, migrate } from "@lk/db";
import { createTestDatabaseUrl } from "@lk/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallOptions, call, createTestApp, operator, signIn, type TestApp, testClock } from "./helpers";
import { jobCtx } from "./job-ctx";

let t: TestApp;
let credit: TestCompany;
let advance: TestCompany;
let accountant: string;
let viewer: string;
let advanceAdmin: string;
const clock = testClock(new Date("2026-03-10T09:00:00Z"));
const key = () => `trust-${randomUUID()}`;

const settingsPath = (id: string) => `/v1/operator/companies/${id}/payment-settings`;
const getSettings = (id: string, opts: CallOptions = operator) =>
  call(t.app, "GET", settingsPath(id), undefined, opts);
const patchSettings = (id: string, body: unknown, opts: CallOptions = operator) =>
  call(t.app, "PATCH", settingsPath(id), body, opts);

const ppPath = (id: string) => `/v1/accounts/${id}/promised-payment`;
const info = (id: string, lang: "en" | "ru" = "en") =>
  call(t.app, "GET", ppPath(id), undefined, { token: viewer, lang });
const take = (id: string, amount: number, lang: "en" | "ru" = "en") =>
  call(
    t.app,
    "POST",
    ppPath(id),
    { amount },
    { token: accountant, lang, headers: { "idempotency-key": key() } },
  );
const account = async (id: string) =>
  (await t.conn.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;

/** Three whole months of charges before March 2026 (3 000, 3 000, 3 300 ₽) → a 3 100 ₽ limit. */
const chargeHistory = (accountId: string) =>
  chargeMonthsBefore(t.conn.db, accountId, [3000_00, 3000_00, 3300_00], clock());

async function signInAll() {
  [accountant, viewer, advanceAdmin] = await Promise.all([
    signIn(t.app, credit.accountant.login, credit.accountant.password),
    signIn(t.app, credit.viewer.login, credit.viewer.password),
    signIn(t.app, advance.admin.login, advance.admin.password),
  ]);
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  credit = await makeCompany(t.conn, { billingSystem: "credit", accountsPerGroup: 1 });
  advance = await makeCompany(t.conn, { accountsPerGroup: 1 });
  await signInAll();
  await chargeHistory(credit.accounts[0]!.id);
  await chargeHistory(credit.accounts[1]!.id);
  await t.conn.db
    .update(accounts)
    .set({ status: "suspended" })
    .where(eq(accounts.id, credit.accounts[0]!.id));
});
afterAll(() => t.close());

describe("operator: company payment settings", () => {
  it("a company without terms has the defaults", async () => {
    const res = await getSettings(advance.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      company_id: advance.id,
      company_name: advance.name,
      billing_system: "advance",
      trust_payment_allowed: false,
      bonus_percent_bp: null,
      effective_bonus_percent_bp: 100,
      updated_at: null,
    });
  });

  it("changes only the fields given, audits old and new values", async () => {
    const bonus = await patchSettings(advance.id, { bonus_percent_bp: 250 });
    expect(bonus.status).toBe(200);
    expect(bonus.body).toMatchObject({
      trust_payment_allowed: false,
      bonus_percent_bp: 250,
      effective_bonus_percent_bp: 250,
      updated_at: clock().toISOString(),
    });
    const trust = await patchSettings(advance.id, { trust_payment_allowed: true });
    expect(trust.body).toMatchObject({ trust_payment_allowed: true, bonus_percent_bp: 250 });
    const back = await patchSettings(advance.id, { bonus_percent_bp: null, trust_payment_allowed: false });
    expect(back.body).toMatchObject({
      trust_payment_allowed: false,
      bonus_percent_bp: null,
      effective_bonus_percent_bp: 100,
    });
    expect((await getSettings(advance.id)).body).toEqual(back.body);

    const rows = await t.conn.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.companyId, advance.id), eq(auditLog.action, "company.payment_settings_updated")),
      );
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => [r.actorType, r.entityType, r.entityId])).toEqual(
      Array(3).fill(["operator", "company", advance.id]),
    );
    expect(rows.map((r) => r.data)).toEqual(
      expect.arrayContaining([
        {
          from: { trust_payment_allowed: false, bonus_percent_bp: null },
          to: { trust_payment_allowed: false, bonus_percent_bp: 250 },
        },
        {
          from: { trust_payment_allowed: true, bonus_percent_bp: 250 },
          to: { trust_payment_allowed: false, bonus_percent_bp: null },
        },
      ]),
    );
    // The company sees the operator's change in its own audit log.
    const log = await call(t.app, "GET", "/v1/audit-log?limit=100", undefined, { token: advanceAdmin });
    expect(log.status).toBe(200);
    expect(
      log.body.data.filter((e: { action: string }) => e.action === "company.payment_settings_updated"),
    ).toHaveLength(3);
  });

  it("an unknown company is 404; a malformed id is 400 naming path.id", async () => {
    const missing = randomUUID();
    for (const res of [
      await getSettings(missing),
      await patchSettings(missing, { trust_payment_allowed: true }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("company_not_found");
    }
    expect(
      await t.conn.db
        .select()
        .from(companyPaymentSettings)
        .where(eq(companyPaymentSettings.companyId, missing)),
    ).toEqual([]);
    const bad = await getSettings("not-a-uuid");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("path.id");
  });

  it("refuses bad input, naming the field, and changes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ bonus_percent_bp: 10_001 }, "bonus_percent_bp"],
      [{ bonus_percent_bp: -1 }, "bonus_percent_bp"],
      [{ bonus_percent_bp: 1.5 }, "bonus_percent_bp"],
      [{ bonus_percent_bp: "100" }, "bonus_percent_bp"],
      [{ trust_payment_allowed: "yes" }, "trust_payment_allowed"],
      [{ trust_payment_allowed: null }, "trust_payment_allowed"],
      [{ trust_payment_allowed: true, extra: 1 }, "body"],
      [{}, "body"],
    ];
    for (const [body, field] of cases) {
      const res = await patchSettings(credit.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    const ru = await patchSettings(credit.id, {}, { ...operator, lang: "ru" });
    expect(ru.body.errors[0]).toMatchObject({ field: "body", code: "nothing_to_change" });
    expect(ru.body.errors[0].message).toMatch(/Укажите/);
    expect((await getSettings(credit.id)).body.updated_at).toBeNull();
  });

  it("no operator key is 401; a wrong key is 401; a company user is 403", async () => {
    const none = { headers: {} };
    expect((await getSettings(credit.id, none)).status).toBe(401);
    expect((await patchSettings(credit.id, { trust_payment_allowed: true }, none)).status).toBe(401);
    const wrong = { headers: { "x-operator-key": "op_wrong_key_000000000" } };
    const w = await patchSettings(credit.id, { trust_payment_allowed: true }, wrong);
    expect(w.status).toBe(401);
    expect(w.body.code).toBe("invalid_operator_key");
    // The company's own admin cannot switch its contract terms on.
    const user = await call(
      t.app,
      "PATCH",
      settingsPath(advance.id),
      { trust_payment_allowed: true },
      {
        token: advanceAdmin,
      },
    );
    expect(user.status).toBe(403);
    expect(
      (await call(t.app, "GET", settingsPath(advance.id), undefined, { token: advanceAdmin })).status,
    ).toBe(403);
    expect((await getSettings(credit.id)).body.trust_payment_allowed).toBe(false);
    expect((await getSettings(advance.id)).body.trust_payment_allowed).toBe(false);
  });
});

describe("trust payment switched on and off by the operator", () => {
  it("refused before, taken after enabling (limit, 5 days, resumes), once a month, refused after disabling", async () => {
    const id = credit.accounts[0]!.id;
    const before = await info(id);
    expect(before.body).toMatchObject({ kind: "trust", eligible: false, reason: "trust_not_in_contract" });
    expect((await take(id, 100_00)).body.code).toBe("promised_trust_not_in_contract");

    const on = await patchSettings(credit.id, { trust_payment_allowed: true });
    expect(on.body).toMatchObject({ billing_system: "credit", trust_payment_allowed: true });

    const now = await info(id);
    expect(now.body).toMatchObject({ kind: "trust", eligible: true, reason: null, limit: 3100_00, days: 5 });
    const over = await take(id, 3100_00 + 100);
    expect(over.status).toBe(400);
    expect(over.body.errors[0]).toMatchObject({ field: "amount", code: "exceeds_limit" });

    const acc = await account(id);
    expect(acc.status).toBe("suspended");
    const res = await take(id, 3100_00);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      account_id: id,
      kind: "trust",
      amount: 3100_00,
      status: "active",
      month: "2026-03",
      expires_at: "2026-03-15T09:00:00.000Z",
    });
    const after = await account(id);
    expect(after.balance - acc.balance).toBe(3100_00);
    expect(after.status).toBe("active");
    const credited = await t.conn.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, id), eq(ledgerEntries.kind, "promised_payment")));
    expect(credited.map((e) => [e.amount, e.description])).toEqual([[3100_00, "Доверительный платёж"]]);

    expect((await take(id, 100_00)).body.code).toBe("promised_active_exists");
    // Repaid at expiry (topped up meanwhile): still only once this month, again from the 1st.
    await t.conn.db.transaction((tx) =>
      postLedger(tx, [{ accountId: id, kind: "payment", amount: 9300_00, description: "оплата" }], {
        now: clock(),
      }),
    );
    clock.set(new Date("2026-03-15T09:00:01Z"));
    expect(await expirePromisedPayments({ ctx: jobCtx(t) })).toMatchObject({ repaid: 1, suspended: 0 });
    await signInAll();
    expect((await info(id)).body).toMatchObject({ eligible: false, reason: "already_used_this_month" });
    expect((await take(id, 100_00)).body.code).toBe("promised_already_used_this_month");

    // The operator switches it off: the other credit account (with history, unused) is refused.
    const off = await patchSettings(credit.id, { trust_payment_allowed: false });
    expect(off.body.trust_payment_allowed).toBe(false);
    const other = credit.accounts[1]!.id;
    const otherBalance = (await account(other)).balance;
    const refused = await take(other, 100_00);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("promised_trust_not_in_contract");
    expect(refused.body.detail).toBe("The contract does not provide for a trust payment");
    const ru = await take(other, 100_00, "ru");
    expect(ru.body.detail).toBe("Доверительный платёж не предусмотрен договором");
    expect((await info(other, "ru")).body).toMatchObject({
      eligible: false,
      reason: "trust_not_in_contract",
      reason_message: "Доверительный платёж не предусмотрен договором",
    });
    expect((await account(other)).balance).toBe(otherBalance);

    // Next month, enabled again: the other account may take one.
    clock.set(new Date("2026-04-01T00:00:00Z"));
    await signInAll();
    await patchSettings(credit.id, { trust_payment_allowed: true });
    expect((await info(other)).body).toMatchObject({ kind: "trust", eligible: true });
  });

  it("an advance company's accounts take promised payments whatever the trust setting", async () => {
    const res = await getSettings(advance.id);
    expect(res.body.trust_payment_allowed).toBe(false);
    const token = await signIn(t.app, advance.viewer.login, advance.viewer.password);
    const pp = await call(t.app, "GET", ppPath(advance.accounts[0]!.id), undefined, { token });
    expect(pp.body).toMatchObject({ kind: "promised", reason: "no_charge_history" });
  });
});

describe("lk companies payment-settings", () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
  let dataDir: string;
  let url: string | null;
  let co: TestCompany;
  // The CLI opens the configured database: a PostgreSQL database of its own, or a PGlite folder.
  const open = () => (url ? connect({ url }) : connect({ dataDir }));
  const cliEnv = () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: "en_US.UTF-8", LK_LOG_LEVEL: "silent" };
    if (url) env.DATABASE_URL = url;
    else {
      delete env.DATABASE_URL;
      env.LK_DATA_DIR = dataDir;
    }
    return env;
  };
  const lk = (...args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "apps/api/src/cli/main.ts", ...args],
        {
          cwd: root,
          env: cliEnv(),
        },
        (e, out, err) => resolve({ code: e ? Number(e.code ?? 1) : 0, out, err }),
      );
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "lk-cli-settings-"));
    url = await createTestDatabaseUrl();
    const conn = await open();
    await migrate(conn);
    co = await makeCompany(conn, { billingSystem: "credit", accountsPerGroup: 1 });
    await conn.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("sets the terms by INN or id, back to the default; refuses a bad value before opening the database", async () => {
    // Each run below opens the database in a process of its own (PGlite: several seconds each).
    const set = await lk("companies", "payment-settings", co.inn, "--trust", "on", "--bonus-bp", "150");
    expect([set.code, set.err]).toEqual([0, ""]);
    expect(set.out).toContain(`company ${co.id}`);
    expect(set.out).toContain("trust payment:  allowed");
    expect(set.out).toContain("1.5 % of the card part (the company's own)");

    const bad = await lk("companies", "payment-settings", co.id, "--bonus-bp", "20000");
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--bonus-bp.*basis points 0–10000/);

    const back = await lk("companies", "payment-settings", co.id, "--bonus-bp", "default");
    expect([back.code, back.err]).toEqual([0, ""]);
    expect(back.out).toContain("trust payment:  allowed");
    expect(back.out).toContain("1 % of the card part (configured default)");

    const conn = await open();
    try {
      const [row] = await conn.db
        .select()
        .from(companyPaymentSettings)
        .where(eq(companyPaymentSettings.companyId, co.id));
      expect(row).toMatchObject({ trustPaymentAllowed: true, bonusPercentBp: null });
      const audited = await conn.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.companyId, co.id), eq(auditLog.action, "company.payment_settings_updated")));
      expect(audited).toHaveLength(2);
      expect(audited.every((a) => a.actorType === "operator" && a.actorId?.startsWith("cli:"))).toBe(true);
    } finally {
      await conn.close();
    }
  }, 120_000);
});
