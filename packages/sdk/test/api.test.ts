/**
 * The SDK against the real API app (apps/api, real database) for the routes that exist so far.
 * Requests go through Hono's `app.request` via the SDK's `fetch` option: everything but the socket.
 * Relative imports: the SDK must not depend on the server's packages, even as devDependencies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../apps/api/test/helpers";
import { makeCompany, type TestCompany } from "../../core/src/testing/fixtures";
import {
  AuthenticationError,
  createClient,
  type Session,
  type TransportOptions,
  ValidationError,
} from "../src/index";

let t: TestApp;
let co: TestCompany;
const requests: Request[] = [];

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn, { accountsPerGroup: 15 });
});
afterAll(() => t?.close());

const client = (o: TransportOptions = {}) =>
  createClient({
    baseUrl: "http://lk.test",
    maxRetries: 0,
    fetch: async (input, init) => {
      requests.push(new Request(input, init));
      return t.app.request(input instanceof URL ? input.href : input, init);
    },
    ...o,
  });

describe("@lk/sdk against the API", () => {
  it("signs in and reads /v1/auth/me with generated types", async () => {
    const lk = client({ headers: { "accept-language": "en" } });
    const session: Session = await lk.auth.signIn({ login: co.admin.login, password: co.admin.password });
    expect(session.token_type).toBe("Bearer");
    const me = await lk.auth.me();
    expect(me.login).toBe(co.admin.login);
    expect(me.company.inn).toBe(co.inn);
    expect(requests.at(-1)?.headers.get("authorization")).toBe(`Bearer ${session.access_token}`);
  });

  it("maps wrong credentials and missing fields to typed errors with the request id", async () => {
    const lk = client({ headers: { "accept-language": "ru" } });
    const wrong = await lk.auth.signIn({ login: co.viewer.login, password: "nope" }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect(wrong).toMatchObject({
      status: 401,
      code: "invalid_credentials",
      message: "Неверный логин или пароль",
    });
    expect((wrong as AuthenticationError).requestId).toMatch(/\S/);
    const invalid = await lk.auth.signIn({ login: "x" } as never).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fields).toEqual([
      { field: "password", code: "required", message: "Обязательное поле" },
    ]);
  });

  it("refreshes an expired access token once and carries on", async () => {
    const session = await client().auth.signIn({ login: co.admin.login, password: co.admin.password });
    const rotated: string[] = [];
    const lk = client({
      auth: {
        accessToken: "expired",
        refreshToken: session.refresh_token,
        onTokens: (s) => rotated.push(s.access_token),
      },
    });
    await expect(lk.auth.me()).resolves.toMatchObject({ login: co.admin.login });
    expect(rotated).toHaveLength(1);
    // Refresh tokens rotate: the old one is spent, so a second client holding it can't refresh.
    const stale = client({ auth: { accessToken: "expired", refreshToken: session.refresh_token } });
    await expect(stale.auth.me()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("signs out", async () => {
    const lk = client();
    await lk.auth.signIn({ login: co.admin.login, password: co.admin.password });
    await expect(lk.auth.signOut()).resolves.toBeUndefined();
    await expect(lk.auth.me()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("pages through accounts with the server's own cursors, and reads one", async () => {
    const lk = client();
    await lk.auth.signIn({ login: co.admin.login, password: co.admin.password });
    const ids: string[] = [];
    for await (const account of lk.accounts.list({ limit: 7 })) ids.push(account.id);
    expect(ids.length).toBe(co.accounts.length);
    expect(new Set(ids)).toEqual(new Set(co.accounts.map((a) => a.id)));
    const first = await lk.accounts.list({ limit: 7 }).firstPage();
    expect(first.data).toHaveLength(7);
    expect(first.hasMore).toBe(true);
    const detail = await lk.accounts.get(ids[0]!);
    expect(detail.id).toBe(ids[0]);
    const groups = await lk.groups.list().toArray();
    expect(groups.map((g) => g.id).sort()).toEqual(co.groups.map((g) => g.id).sort());
  });

  it("creates an API key and authenticates with it", async () => {
    const admin = client();
    await admin.auth.signIn({ login: co.admin.login, password: co.admin.password });
    const created = await admin.apiKeys.create({ name: "ERP", scopes: ["accounts:read"], mode: "test" });
    const secret = created.key;
    expect(secret).toMatch(/^sk_test_/);
    const erp = client({ auth: secret });
    const page = await erp.accounts.list({ limit: 3 }).firstPage();
    expect(page.data).toHaveLength(3);
    expect(requests.at(-1)?.headers.get("authorization")).toBe(`Bearer ${secret}`);
  });
});
