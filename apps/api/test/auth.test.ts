import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
});
afterAll(() => t.close());

describe("sign-in", () => {
  it("returns tokens and sets an httpOnly refresh cookie", async () => {
    const res = await call(t.app, "POST", "/v1/auth/sign-in", {
      login: co.admin.login,
      password: co.admin.password,
    });
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe("Bearer");
    expect(res.body.expires_in).toBe(900);
    expect(res.body.password_change_required).toBe(false);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/lk_refresh=rt_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await call(t.app, "GET", "/v1/auth/me", undefined, { token: res.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.login).toBe(co.admin.login);
    expect(me.body.company.inn).toBe(co.inn);
  });

  it("accepts the e-mail instead of the login", async () => {
    await expect(signIn(t.app, `${co.viewer.login}@example.test`, co.viewer.password)).resolves.toBeTruthy();
  });

  it("says wrong login or password in the reader's language", async () => {
    const en = await call(t.app, "POST", "/v1/auth/sign-in", { login: co.viewer.login, password: "nope" });
    expect(en.status).toBe(401);
    expect(en.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(en.body.code).toBe("invalid_credentials");
    expect(en.body.requestId).toBe(en.headers.get("x-request-id"));
    const ru = await call(
      t.app,
      "POST",
      "/v1/auth/sign-in",
      { login: "nobody-here", password: "nope" },
      { lang: "ru" },
    );
    expect(ru.body.detail).toBe("Неверный логин или пароль");
  });

  it("names missing fields", async () => {
    const res = await call(t.app, "POST", "/v1/auth/sign-in", { login: "x" }, { lang: "ru" });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: "password", code: "required", message: "Обязательное поле" }]);
  });

  it("rejects malformed JSON with 400, not 500", async () => {
    const res = await call(t.app, "POST", "/v1/auth/sign-in", undefined, { rawBody: "{nope" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("malformed_request");
  });
});
