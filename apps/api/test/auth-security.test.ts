import { makeCompany, type TestCompany } from "@lk/core/testing";
import { outboxMessages } from "@lk/db";
import { desc, eq } from "drizzle-orm";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
});
afterAll(() => t.close());

const signInBody = (u: { login: string; password: string }) => ({ login: u.login, password: u.password });

describe("refresh tokens", () => {
  it("rotate on every use, and a reused one revokes the whole family", async () => {
    const s1 = await call(t.app, "POST", "/v1/auth/sign-in", signInBody(co.accountant));
    const r1 = s1.body.refresh_token;
    const s2 = await call(t.app, "POST", "/v1/auth/refresh", { refresh_token: r1 });
    expect(s2.status).toBe(200);
    expect(s2.body.refresh_token).not.toBe(r1);
    const s3 = await call(t.app, "POST", "/v1/auth/refresh", { refresh_token: s2.body.refresh_token });
    expect(s3.status).toBe(200);

    // r1 was stolen and replayed: refused, and the legitimate latest token dies with it.
    const reuse = await call(t.app, "POST", "/v1/auth/refresh", { refresh_token: r1 });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe("refresh_token_reused");
    expect(
      (await call(t.app, "POST", "/v1/auth/refresh", { refresh_token: s3.body.refresh_token })).status,
    ).toBe(401);
    // …and so do the access tokens of that session.
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: s3.body.access_token })).status).toBe(
      401,
    );
  });

  it("work from the httpOnly cookie", async () => {
    const s1 = await call(t.app, "POST", "/v1/auth/sign-in", signInBody(co.viewer));
    const cookie = (s1.headers.get("set-cookie") ?? "").split(";")[0]!;
    const res = await call(t.app, "POST", "/v1/auth/refresh", undefined, { headers: { cookie } });
    expect(res.status).toBe(200);
  });

  it("sign-out ends the session; sign-out-all ends every session", async () => {
    const a = await call(t.app, "POST", "/v1/auth/sign-in", signInBody(co.viewer));
    const b = await call(t.app, "POST", "/v1/auth/sign-in", signInBody(co.viewer));
    expect(
      (await call(t.app, "POST", "/v1/auth/sign-out", undefined, { token: a.body.access_token })).status,
    ).toBe(204);
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: a.body.access_token })).status).toBe(
      401,
    );
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: b.body.access_token })).status).toBe(
      200,
    );
    expect(
      (await call(t.app, "POST", "/v1/auth/sign-out-all", undefined, { token: b.body.access_token })).status,
    ).toBe(204);
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: b.body.access_token })).status).toBe(
      401,
    );
    expect(
      (await call(t.app, "POST", "/v1/auth/refresh", { refresh_token: b.body.refresh_token })).status,
    ).toBe(401);
  });
});

describe("access tokens", () => {
  it("expire after 15 minutes", async () => {
    const token = await signIn(t.app, co.viewer.login, co.viewer.password);
    t.clock.advance(15 * 60 * 1000 + 1000);
    const res = await call(t.app, "GET", "/v1/auth/me", undefined, { token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_expired");
  });

  it("signed with another key, with alg none, or garbage → 401", async () => {
    const me = await call(t.app, "POST", "/v1/auth/sign-in", signInBody(co.viewer));
    const claims = JSON.parse(Buffer.from(me.body.access_token.split(".")[1], "base64url").toString());
    const header = JSON.parse(Buffer.from(me.body.access_token.split(".")[0], "base64url").toString());
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: header.kid })
      .sign(privateKey);
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: forged })).status).toBe(401);

    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: header.kid })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: none })).status).toBe(401);

    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: header.kid })
      .sign(
        new TextEncoder().encode(JSON.stringify(await exportJWK((await generateKeyPair("ES256")).publicKey))),
      );
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: hs })).status).toBe(401);
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: "not.a.jwt" })).status).toBe(401);
    expect(
      (await call(t.app, "GET", "/v1/auth/me", undefined, { headers: { authorization: "Basic abc" } }))
        .status,
    ).toBe(401);
  });

  it("publishes the verification key as JWKS", async () => {
    const res = await call(t.app, "GET", "/.well-known/jwks.json");
    expect(res.status).toBe(200);
    expect(res.body.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(res.body.keys[0].d).toBeUndefined();
  });
});

describe("lockout", () => {
  it("locks the login for 15 minutes after five wrong passwords, then lets it in", async () => {
    const victim = await makeCompany(t.conn, { accountsPerGroup: 0 });
    for (let i = 0; i < 4; i++) {
      expect(
        (await call(t.app, "POST", "/v1/auth/sign-in", { login: victim.viewer.login, password: "wrong" }))
          .status,
      ).toBe(401);
    }
    const fifth = await call(
      t.app,
      "POST",
      "/v1/auth/sign-in",
      { login: victim.viewer.login, password: "wrong" },
      { lang: "ru" },
    );
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe("login_locked");
    expect(fifth.body.detail).toMatch(/15 мин/);
    expect(Number(fifth.headers.get("retry-after"))).toBe(900);
    // Even the right password waits out the lock.
    expect((await call(t.app, "POST", "/v1/auth/sign-in", signInBody(victim.viewer))).status).toBe(429);
    t.clock.advance(15 * 60 * 1000 + 1);
    expect((await call(t.app, "POST", "/v1/auth/sign-in", signInBody(victim.viewer))).status).toBe(200);
  });

  it("limits attempts per client address", async () => {
    const ip = { "x-forwarded-for": "203.0.113.77" };
    let last = 0;
    for (let i = 0; i < 51; i++) {
      last = (
        await call(t.app, "POST", "/v1/auth/sign-in", { login: `ghost-${i}`, password: "x" }, { headers: ip })
      ).status;
    }
    expect(last).toBe(429);
    // Another address is not affected.
    const other = await call(t.app, "POST", "/v1/auth/sign-in", signInBody(co.viewer), {
      headers: { "x-forwarded-for": "203.0.113.78" },
    });
    expect(other.status).toBe(200);
  });
});

describe("forgot password", () => {
  it("sends a code to the e-mail and sets a new password with it", async () => {
    const u = await makeCompany(t.conn, { accountsPerGroup: 0 });
    const res = await call(t.app, "POST", "/v1/auth/forgot-password", { login: u.accountant.login });
    expect(res.status).toBe(202);
    const [msg] = await t.conn.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.recipient, `${u.accountant.login}@example.test`))
      .orderBy(desc(outboxMessages.createdAt));
    const code = /(\d{6})/.exec(msg!.body)![1]!;
    const wrong = await call(t.app, "POST", "/v1/auth/reset-password", {
      login: u.accountant.login,
      code: code === "000000" ? "111111" : "000000",
      new_password: "Brand-New-Pass-77",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe("code");
    const ok = await call(t.app, "POST", "/v1/auth/reset-password", {
      login: u.accountant.login,
      code,
      new_password: "Brand-New-Pass-77",
    });
    expect(ok.status).toBe(204);
    expect(
      (
        await call(t.app, "POST", "/v1/auth/sign-in", {
          login: u.accountant.login,
          password: "Brand-New-Pass-77",
        })
      ).status,
    ).toBe(200);
    // A used code does not work twice.
    expect(
      (
        await call(t.app, "POST", "/v1/auth/reset-password", {
          login: u.accountant.login,
          code,
          new_password: "Other-New-Pass-88",
        })
      ).status,
    ).toBe(400);
  });

  it("answers the same for an unknown login", async () => {
    expect((await call(t.app, "POST", "/v1/auth/forgot-password", { login: "no-such-user" })).status).toBe(
      202,
    );
  });
});
