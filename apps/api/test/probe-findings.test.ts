import { randomUUID } from "node:crypto";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { bonusEntries, paymentRefunds, payments, users } from "@lk/db";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

// What the outside probe of issue 18 broke (items 5, 6, 7, 11), each as a test on both databases.
let env: PaymentsEnv;
let co: TestCompany;
let admin: string;
let accountant: string;
beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn, { accountsPerGroup: 1 });
  admin = await signIn(env.app, co.admin.login, co.admin.password);
  accountant = await signIn(env.app, co.accountant.login, co.accountant.password);
});
afterAll(() => env.close());

const idem = () => ({ "idempotency-key": `probe-${randomUUID()}` });

describe("PATCH with no fields (item 5)", () => {
  it("is a 400 no_fields for a group and for a user, and changes nothing", async () => {
    const g = await call(env.app, "PATCH", `/v1/groups/${co.groups[0]!.id}`, {}, { token: admin });
    expect(g.status).toBe(400);
    expect(g.body.errors[0]).toMatchObject({ field: "body", code: "no_fields" });
    const u = await call(env.app, "PATCH", `/v1/users/${co.viewer.id}`, {}, { token: admin, lang: "ru" });
    expect(u.status).toBe(400);
    expect(u.body.errors[0].code).toBe("no_fields");
    expect(u.body.errors[0].message).toMatch(/хотя бы одно поле/);
  });
});

describe("return_url (item 6)", () => {
  it("javascript: is a 400 before anything is written", async () => {
    const before = await env.conn.db.select().from(payments).where(eq(payments.companyId, co.id));
    for (const url of ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/"]) {
      const r = await call(
        env.app,
        "POST",
        "/v1/payments",
        { items: [{ account_id: co.accounts[0]!.id, amount: 100_00 }], method: "card", return_url: url },
        { token: accountant, headers: idem() },
      );
      expect(r.status).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ field: "return_url" });
    }
    const after = await env.conn.db.select().from(payments).where(eq(payments.companyId, co.id));
    expect(after.length).toBe(before.length);
  });

  it("http:// to localhost or an IP address is taken (the demo portal, a partner's test page)", async () => {
    for (const url of ["http://localhost:3000/payments/return", "http://127.0.0.1:5173/paid"]) {
      const r = await call(
        env.app,
        "POST",
        "/v1/payments",
        { items: [{ account_id: co.accounts[0]!.id, amount: 100_00 }], method: "card", return_url: url },
        { token: accountant, headers: idem() },
      );
      expect(r.status, url).not.toBe(400);
    }
  });
});

describe("return_url in the contract (item 6)", () => {
  it("the OpenAPI document says an http(s) address, for card and widget payments alike", async () => {
    const doc = await call(env.app, "GET", "/openapi.json");
    const schemas = doc.body.components.schemas;
    for (const name of ["CreatePaymentRequest", "CreatePublicPaymentRequest"]) {
      const url = schemas[name].properties.return_url;
      expect(url, name).toMatchObject({ type: "string", format: "uri" });
      const re = new RegExp(url.pattern);
      expect(re.test("https://shop.example/paid")).toBe(true);
      expect(re.test("HTTP://shop.example/")).toBe(true);
      expect(re.test("javascript:alert(1)")).toBe(false);
      expect(re.test("data:text/html,x")).toBe(false);
    }
  });
});

describe("parallel refunds (item 7)", () => {
  it("20 parallel 60 ₽ refunds of a 100 ₽ payment: one refund, the rest 409, nothing left pending", async () => {
    const a = co.accounts[1]!;
    const pay = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: a.id, amount: 100_00 }], method: "card" },
      { token: accountant, headers: idem() },
    );
    expect(pay.status).toBe(201);
    await payOnPage(pay.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();
    const rs = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(
          env.app,
          "POST",
          `/v1/payments/${pay.body.id}/refunds`,
          { amount: 60_00 },
          { token: admin, headers: idem() },
        ),
      ),
    );
    expect(rs.filter((r) => r.status === 200).length).toBe(1);
    const refused = rs.filter((r) => r.status !== 200);
    expect(refused.every((r) => r.status === 409 && r.body.code === "refund_exceeds_remaining")).toBe(true);
    const rows = await env.conn.db
      .select()
      .from(paymentRefunds)
      .where(eq(paymentRefunds.paymentId, pay.body.id));
    expect(rows.map((r) => r.status)).toEqual(["succeeded"]);
    const [p] = await env.conn.db.select().from(payments).where(eq(payments.id, pay.body.id));
    expect(p!.refundedAmount).toBe(60_00);
  });
});

describe("tokens and sessions (item 11)", () => {
  it("a token without exp, signed with the real key, is refused", async () => {
    const key = await env.app.deps.keys.signingKey();
    const [me] = await env.conn.db.select().from(users).where(eq(users.id, co.viewer.id));
    const claims = { cid: me!.companyId, sid: randomUUID(), pwc: false };
    const noExp = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
      .setIssuer(env.app.deps.core.auth.issuer)
      .setAudience("lk-api")
      .setSubject(co.viewer.id)
      .setIssuedAt()
      .sign(key.privateKey);
    const r = await call(env.app, "GET", "/v1/auth/me", undefined, { token: noExp });
    expect(r.status).toBe(401);
  });

  it("a temporary-password session cannot set a new password once the temporary one expired", async () => {
    const invited = await call(
      env.app,
      "POST",
      "/v1/users",
      { full_name: "Сидоров", email: `sid-${randomUUID()}@example.test`, role: "viewer" },
      { token: admin },
    );
    expect(invited.status).toBe(201);
    // Expires one minute from now; the session starts before that.
    await env.conn.db
      .update(users)
      .set({ tempPasswordExpiresAt: new Date(env.clock().getTime() + 60_000) })
      .where(eq(users.id, invited.body.user.id));
    const s = await call(env.app, "POST", "/v1/auth/sign-in", {
      login: invited.body.login,
      password: invited.body.temporary_password,
    });
    expect(s.status).toBe(200);
    env.clock.advance(2 * 60_000);
    const change = await call(
      env.app,
      "POST",
      "/v1/auth/password",
      { current_password: invited.body.temporary_password, new_password: "Brand-New-Pass-2026!" },
      { token: s.body.access_token },
    );
    expect(change.status).toBe(401);
    expect(change.body.code).toBe("temporary_password_expired");
  });

  it("a group-restricted accountant sees only bonuses of payments on visible accounts", async () => {
    const hidden = co.accounts.find((x) => x.groupId !== co.groups[0]!.id)!;
    const visible = co.accounts.find((x) => x.groupId === co.groups[0]!.id)!;
    const invited = await call(
      env.app,
      "POST",
      "/v1/users",
      {
        full_name: "Огр",
        email: `grp-${randomUUID()}@example.test`,
        role: "accountant",
        group_ids: [co.groups[0]!.id],
      },
      { token: admin },
    );
    const s = await call(env.app, "POST", "/v1/auth/sign-in", {
      login: invited.body.login,
      password: invited.body.temporary_password,
    });
    const set = await call(
      env.app,
      "POST",
      "/v1/auth/password",
      { current_password: invited.body.temporary_password, new_password: "Restricted-Pass-2026!" },
      { token: s.body.access_token },
    );
    const restricted = set.body.access_token as string;
    const paid: string[] = [];
    for (const acc of [hidden, visible]) {
      const pay = await call(
        env.app,
        "POST",
        "/v1/payments",
        { items: [{ account_id: acc.id, amount: 500_00 }], method: "card" },
        { token: admin, headers: idem() },
      );
      await payOnPage(pay.body.confirmation_url, "4242424242424242");
      paid.push(pay.body.id);
    }
    await env.sandbox.app.sandbox.notificationsIdle();
    const all = await env.conn.db.select().from(bonusEntries).where(eq(bonusEntries.companyId, co.id));
    expect(all.some((e) => e.paymentId === paid[0])).toBe(true);
    const mine = await call(env.app, "GET", "/v1/bonuses", undefined, { token: restricted });
    expect(mine.status).toBe(200);
    const ids = mine.body.data.map((e: { payment_id: string }) => e.payment_id);
    expect(ids).toContain(paid[1]);
    expect(ids).not.toContain(paid[0]);
    const full = await call(env.app, "GET", "/v1/bonuses", undefined, { token: admin });
    expect(full.body.data.map((e: { payment_id: string }) => e.payment_id)).toContain(paid[0]);
  });
});
