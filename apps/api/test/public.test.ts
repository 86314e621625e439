import { loadVatRates, vatOf, vatRateOn } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts, invoices, ledgerEntries, services, tariffs } from "@lk/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, operator } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

// The widgets' public endpoints on the real app and database, with the real sandbox acquirer.

const BANK = "https://bank.example";
const OTHER = "https://other.example";
let env: PaymentsEnv;
let co: TestCompany;
let pk: string;
let otherPk: string;
let ipSeq = 0;
const newIp = () => `198.51.100.${++ipSeq}`;
let ip = newIp();

const widget = (extra: Record<string, string> = {}, key = pk, origin: string | null = BANK) => ({
  headers: { "x-lk-key": key, "x-real-ip": ip, ...(origin ? { origin } : {}), ...extra },
});
const lookup = (query: string, o = widget()) =>
  call(env.app, "GET", `/v1/public/accounts/lookup?query=${encodeURIComponent(query)}`, undefined, o);
let seq = 0;
const idem = () => ({ "idempotency-key": `public-test-${Date.now()}-${++seq}` });

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn, { name: "ООО «Ромашка»", accountsPerGroup: 1 });
  const mk = async (name: string, origin: string) => {
    const r = await call(
      env.app,
      "POST",
      "/v1/operator/partners",
      { name, origins: [origin], commission: { card: { percent_bp: 150, min: 1000 } } },
      operator,
    );
    expect(r.status).toBe(201);
    return r.body.publishable_key as string;
  };
  pk = await mk("Банк", BANK);
  otherPk = await mk("Другой", OTHER);
});
afterAll(() => env.close());

describe("GET /v1/public/accounts/lookup", () => {
  it("finds by account number: masked holder, limits, methods with the partner's commission, CORS", async () => {
    const acc = co.accounts[0]!;
    const r = await lookup(acc.number);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      account_number: acc.number,
      masked_holder: "ООО «Р*****»",
      status: "active",
      recommended_amount: 0,
      min_amount: 100,
      currency: "RUB",
      methods: [{ method: "card", commission_percent_bp: 150, commission_min: 1000 }],
    });
    expect(JSON.stringify(r.body)).not.toContain("Ромашка");
    expect(r.headers.get("access-control-allow-origin")).toBe(BANK);
    expect(r.headers.get("vary")).toContain("Origin");
    expect(r.headers.get("access-control-expose-headers")).toBe("Retry-After, X-Request-Id");
  });

  it("finds by a service's phone and recommends next month's fees with VAT", async () => {
    const acc = co.accounts[1]!;
    const [t] = await env.conn.db
      .insert(tariffs)
      .values({ code: `pub-${Date.now()}`, name: "Тест", kind: "telephony", monthlyFee: 50_000 })
      .returning();
    const phone = `+7916${String(Date.now()).slice(-7)}`;
    await env.conn.db.insert(services).values({
      companyId: co.id,
      accountId: acc.id,
      tariffId: t!.id,
      kind: "telephony",
      identifier: phone,
      status: "active",
    });
    const next = new Date();
    const day = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1))
      .toISOString()
      .slice(0, 10);
    const rate = vatRateOn(await loadVatRates(env.conn.db), day);
    const r = await lookup(`8 ${phone.slice(2, 5)} ${phone.slice(5)}`);
    expect(r.status).toBe(200);
    expect(r.body.account_number).toBe(acc.number);
    expect(r.body.recommended_amount).toBe(50_000 + vatOf(50_000, rate));
  });

  it("refuses without a key, with an unknown key, without Origin, or from another origin", async () => {
    const acc = co.accounts[0]!.number;
    const noKey = await call(env.app, "GET", `/v1/public/accounts/lookup?query=${acc}`, undefined, {
      headers: { origin: BANK },
    });
    expect(noKey.status).toBe(401);
    expect((await lookup(acc, widget({}, "pk_test_nope_nope"))).body.code).toBe("invalid_publishable_key");
    const noOrigin = await lookup(acc, widget({}, pk, null));
    expect([noOrigin.status, noOrigin.body.code]).toEqual([403, "origin_not_allowed"]);
    const other = await lookup(acc, widget({}, pk, OTHER));
    expect([other.status, other.body.code]).toEqual([403, "origin_not_allowed"]);
    // Readable by the (misconfigured) page, whether or not the origin belongs to some partner: the
    // widget shows "this site is not connected" instead of a network error.
    expect(other.headers.get("access-control-allow-origin")).toBe(OTHER);
    const unknown = await lookup(acc, widget({}, pk, "https://unregistered.example"));
    expect([unknown.status, unknown.body.code]).toEqual([403, "origin_not_allowed"]);
    expect(unknown.headers.get("access-control-allow-origin")).toBe("https://unregistered.example");
    // A success stays unreadable anywhere but on the key's own origins.
    const ok = await lookup(acc, widget({}, pk, BANK));
    expect(ok.headers.get("access-control-allow-origin")).toBe(BANK);
    const bad = await lookup("");
    expect(bad.status).toBe(400);
  });

  it("answers preflights for any origin (a preflight grants nothing; the key's origin list decides)", async () => {
    const pre = (origin: string) =>
      env.app.request("/v1/public/accounts/lookup?query=1", {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "x-lk-key",
        },
      });
    const ok = await pre(BANK);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(BANK);
    expect(ok.headers.get("access-control-allow-headers")).toBe(
      "X-LK-Key, Idempotency-Key, Accept-Language, Content-Type",
    );
    const unregistered = await pre("https://unregistered.example");
    expect(unregistered.headers.get("access-control-allow-origin")).toBe("https://unregistered.example");
    expect(unregistered.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("takes the same time for a miss and a hit (medians of interleaved samples, within the noise)", async () => {
    const hit = co.accounts[0]!.number;
    const times = { hit: [] as number[], miss: [] as number[] };
    // Interleaved pairs, so a burst of load on the machine falls on hits and misses alike; each pair
    // from a fresh address so the miss budget (3 per miss) never refuses one.
    for (let i = 0; i < 8; i++) {
      ip = newIp();
      for (const [k, q] of [
        ["hit", hit],
        ["miss", `99${String(i).padStart(10, "0")}`],
      ] as const) {
        const t0 = performance.now();
        const r = await lookup(q);
        times[k].push(performance.now() - t0);
        expect(r.status).toBe(k === "hit" ? 200 : 404);
      }
    }
    const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * f)]!;
    // Every answer waits for the floor: without it a miss (no account to price) is the faster one.
    expect(Math.min(...times.hit, ...times.miss)).toBeGreaterThanOrEqual(145);
    // The medians agree within 25 ms plus the samples' own spread (interquartile range): on a quiet
    // machine that is ~25 ms; a loaded one widens both sides alike instead of failing the test.
    const spread = Math.max(
      q(times.hit, 0.75) - q(times.hit, 0.25),
      q(times.miss, 0.75) - q(times.miss, 0.25),
    );
    expect(Math.abs(q(times.hit, 0.5) - q(times.miss, 0.5))).toBeLessThan(25 + spread);
  });

  it("rate-limits a visitor address guessing numbers (misses count triple), with Retry-After", async () => {
    ip = newIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await lookup(`98${String(i).padStart(10, "0")}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
    const r = await lookup(co.accounts[0]!.number);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    ip = newIp(); // another visitor is not affected
    expect((await lookup(co.accounts[0]!.number)).status).toBe(200);
  });
});

describe("GET /v1/public/invoices/{number}", () => {
  it("shows the amount due and the masked holder; unknown is 404", async () => {
    const acc = co.accounts[0]!;
    const number = `PUB-${Date.now()}`;
    await env.conn.db.insert(invoices).values({
      companyId: co.id,
      accountId: acc.id,
      period: "2026-10",
      kind: "advance",
      year: 2026,
      seq: Number(String(Date.now()).slice(-6)),
      number,
      issuedOn: "2026-10-01",
      dueOn: "2026-10-20",
      netAmount: 100_000,
      vatAmount: 20_000,
      totalAmount: 120_000,
      chargedAmount: 100_000,
    });
    const r = await call(env.app, "GET", `/v1/public/invoices/${number}`, undefined, widget());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      number,
      amount_due: 120_000,
      status: "issued",
      masked_holder: "ООО «Р*****»",
    });
    const miss = await call(env.app, "GET", "/v1/public/invoices/NOPE-1", undefined, widget());
    expect([miss.status, miss.body.code]).toEqual([404, "invoice_not_found"]);
  });
});

describe("quote and pay", () => {
  it("quotes with the partner's commission (percent, at least the minimum)", async () => {
    const q = (amount: number, method = "card") =>
      call(env.app, "POST", "/v1/public/payments/quote", { amount, method }, widget());
    expect((await q(100_000)).body).toEqual({
      amount: 100_000,
      commission_amount: 1500,
      total_amount: 101_500,
      currency: "RUB",
    });
    expect((await q(10_000)).body.commission_amount).toBe(1000);
    const big = await q(100_000_000);
    expect([big.status, big.body.errors[0].field, big.body.errors[0].code]).toEqual([
      400,
      "amount",
      "amount_out_of_range",
    ]);
    expect((await q(10_000, "sbp")).body.errors[0].code).toBe("method_not_available");
  });

  it("opens the acquirer's page in the widget's language (lang=\"en\" → an English card page)", async () => {
    const body = { account_number: co.accounts[0]!.number, amount: 10_000, method: "card" };
    const en = await call(
      env.app,
      "POST",
      "/v1/public/payments",
      body,
      widget({ ...idem(), "accept-language": "en" }),
    );
    expect(en.status).toBe(201);
    expect(new URL(en.body.confirmation_url).searchParams.get("lang")).toBe("en");
    const page = await (await fetch(en.body.confirmation_url)).text();
    expect(page).toContain('lang="en"');
    expect(page).toContain("Card number");
    const ru = await call(
      env.app,
      "POST",
      "/v1/public/payments",
      body,
      widget({ ...idem(), "accept-language": "ru" }),
    );
    expect(new URL(ru.body.confirmation_url).searchParams.get("lang")).toBeNull();
    expect(await (await fetch(ru.body.confirmation_url)).text()).toContain("Номер карты");
  });

  it("pays an account through the sandbox: credited once, only this partner sees it", async () => {
    const acc = co.accounts[2]!;
    const body = {
      account_number: acc.number,
      amount: 150_000,
      method: "card",
      receipt_email: "b@example.ru",
    };
    const noKey = await call(env.app, "POST", "/v1/public/payments", body, widget());
    expect(noKey.status).toBe(400);
    const k = idem();
    const r = await call(env.app, "POST", "/v1/public/payments", body, widget(k));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      amount: 150_000,
      commission_amount: 2250,
      total_amount: 152_250,
      receipt_number: null,
    });
    expect(r.body.confirmation_url).toMatch(/^http/);
    const replay = await call(env.app, "POST", "/v1/public/payments", body, widget(k));
    expect(replay.body.id).toBe(r.body.id);

    await payOnPage(r.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();
    const s = await call(env.app, "GET", `/v1/public/payments/${r.body.id}`, undefined, widget());
    // The fiscal receipt's human number, never the payment's id.
    expect(s.body).toMatchObject({ status: "succeeded", receipt_number: expect.stringMatching(/^\d{6}$/) });
    const [a] = await env.conn.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(a!.balance).toBe(150_000);
    const entries = await env.conn.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, acc.id));
    expect(entries.map((e) => e.amount)).toEqual([150_000]);

    const foreign = await call(
      env.app,
      "GET",
      `/v1/public/payments/${r.body.id}`,
      undefined,
      widget({}, otherPk, OTHER),
    );
    expect(foreign.status).toBe(404);
  });

  it("refuses a return_url off the partner's site, a closed or unknown account, and bad bodies", async () => {
    const acc = co.accounts[0]!.number;
    const pay = (b: unknown) => call(env.app, "POST", "/v1/public/payments", b, widget(idem()));
    const ret = await pay({
      account_number: acc,
      amount: 10_000,
      method: "card",
      return_url: "https://evil.example/x",
    });
    expect(ret.body.errors[0]).toMatchObject({ field: "return_url", code: "return_url_not_allowed" });
    expect((await pay({ account_number: "990000000000", amount: 10_000, method: "card" })).status).toBe(404);
    expect((await pay({ account_number: acc, method: "card" })).body.errors[0].field).toBe("amount");
    expect((await pay({ amount: 10_000, method: "card" })).status).toBe(400);
    expect((await pay({ account_number: acc, amount: 1.5, method: "card" })).status).toBe(400);
  });
});
