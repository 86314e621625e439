import { makeCompany, type TestCompany } from "@lk/core/testing";
import { users } from "@lk/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, type TestApp } from "./helpers";

// Every limit and counter, hit by parallel requests (issue 18). On PostgreSQL the requests truly
// race on several connections; on PGlite they interleave at every await.
let t: TestApp;
let co: TestCompany;
beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn, { accountsPerGroup: 0 });
});
afterAll(() => t.close());

const parallel = <T>(n: number, f: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => f(i)));
const statuses = (rs: { status: number }[]) => rs.map((r) => r.status).sort();

describe("sign-in lockout", () => {
  it("20 parallel wrong passwords lock the login; the right one is refused after", async () => {
    const v = (await makeCompany(t.conn, { accountsPerGroup: 0 })).viewer;
    const rs = await parallel(20, () =>
      call(t.app, "POST", "/v1/auth/sign-in", { login: v.login, password: "wrong" }),
    );
    expect(statuses(rs).filter((s) => s === 401).length).toBe(4);
    expect(statuses(rs).filter((s) => s === 429).length).toBe(16);
    const right = await call(t.app, "POST", "/v1/auth/sign-in", { login: v.login, password: v.password });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe("login_locked");
    const [row] = await t.conn.db.select().from(users).where(eq(users.login, v.login));
    expect(row!.lockedUntil).not.toBeNull();
  });

  it("the right password racing wrong ones never signs in past the lock", async () => {
    const v = (await makeCompany(t.conn, { accountsPerGroup: 0 })).viewer;
    const wrong = await parallel(5, () =>
      call(t.app, "POST", "/v1/auth/sign-in", { login: v.login, password: "wrong" }),
    );
    expect(statuses(wrong)).toContain(429);
    const after = await parallel(5, () =>
      call(t.app, "POST", "/v1/auth/sign-in", { login: v.login, password: v.password }),
    );
    expect(after.every((r) => r.status === 429)).toBe(true);
  });

  it("an unknown login answers exactly as a real one: 401 four times, then 429 login_locked", async () => {
    const real = (await makeCompany(t.conn, { accountsPerGroup: 0 })).viewer;
    const run = async (login: string) =>
      (await parallel(7, () => call(t.app, "POST", "/v1/auth/sign-in", { login, password: "wrong" })))
        .map((r) => `${r.status} ${r.body.code} ${r.headers.get("retry-after") ?? "-"}`)
        .sort();
    const a = await run(real.login);
    const b = await run(`nobody-${Date.now()}`);
    expect(b).toEqual(a);
    expect(a.filter((s) => s.startsWith("429 login_locked 900")).length).toBe(3);
  });
});

describe("per-address sign-in limit", () => {
  it("60 parallel attempts from one address let exactly 50 through", async () => {
    const ip = { "x-forwarded-for": "198.51.100.9" };
    const rs = await parallel(60, (i) =>
      call(t.app, "POST", "/v1/auth/sign-in", { login: `ghost-par-${i}`, password: "x" }, { headers: ip }),
    );
    expect(statuses(rs).filter((s) => s === 401).length).toBe(50);
    expect(statuses(rs).filter((s) => s === 429).length).toBe(10);
    expect(rs.find((r) => r.status === 429)!.body.code).toBe("rate_limited");
    // Another address is not affected.
    const other = await call(
      t.app,
      "POST",
      "/v1/auth/sign-in",
      { login: co.viewer.login, password: co.viewer.password },
      {
        headers: { "x-forwarded-for": "198.51.100.10" },
      },
    );
    expect(other.status).toBe(200);
  });
});

describe("public lookups", () => {
  let pk = "";
  const BANK = "https://bank.example";
  beforeAll(async () => {
    const r = await call(
      t.app,
      "POST",
      "/v1/operator/partners",
      { name: "Банк", origins: [BANK], commission: { card: { percent_bp: 150, min: 1000 } } },
      { headers: { "x-operator-key": "op_test_operator_key_0123456789" } },
    );
    expect(r.status).toBe(201);
    pk = r.body.publishable_key;
  });
  const lookup = (query: string, ip: string) =>
    call(t.app, "GET", `/v1/public/accounts/lookup?query=${encodeURIComponent(query)}`, undefined, {
      headers: { "x-lk-key": pk, origin: BANK, "x-real-ip": ip },
    });

  it("40 parallel misses from one address: the budget (30, a miss weighs 3) lets exactly 10 through", async () => {
    const rs = await parallel(40, (i) => lookup(`97${String(i).padStart(10, "0")}`, "192.0.2.40"));
    expect(statuses(rs).filter((s) => s === 404).length).toBe(10);
    expect(statuses(rs).filter((s) => s === 429).length).toBe(30);
    expect(Number(rs.find((r) => r.status === 429)!.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("hits cost one: parallel hits never lock an address out", async () => {
    const co2 = await makeCompany(t.conn, { accountsPerGroup: 1 });
    const rs = await parallel(20, () => lookup(co2.accounts[0]!.number, "192.0.2.41"));
    // 20 hits reserve a miss's weight each (60) before giving two back: some may see a full budget
    // while the others' reservations are in flight — but sequentially after them, all pass.
    expect(rs.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    const again = await parallel(5, () => lookup(co2.accounts[0]!.number, "192.0.2.42"));
    expect(again.every((r) => r.status === 200)).toBe(true);
  });
});
