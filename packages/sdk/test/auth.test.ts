import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError, createClient, type Tokens } from "../src/index";
import { json, problem, startServer, type TestServer } from "./helpers/server";

let srv: TestServer;
let valid = "access-1";
let refreshCount = 0;

beforeAll(async () => {
  srv = await startServer({
    "POST /v1/auth/sign-in": (q, res) => {
      const { login, password } = JSON.parse(q.body) as { login: string; password: string };
      if (login !== "buh@example.ru" || password !== "secret")
        return problem(res, 401, { code: "bad_credentials" });
      json(res, 200, {
        access_token: valid,
        refresh_token: "r1",
        expires_in: 900,
        password_change_required: false,
      });
    },
    "POST /v1/auth/refresh": (q, res) => {
      refreshCount++;
      const body = JSON.parse(q.body || "{}") as { refresh_token?: string };
      const fromCookie = q.headers.cookie?.includes("lk_refresh=");
      if (body.refresh_token !== "r1" && !fromCookie) return problem(res, 401, { code: "refresh_invalid" });
      valid = `access-${refreshCount + 1}`;
      json(res, 200, { access_token: valid, refresh_token: fromCookie ? null : "r1", expires_in: 900 });
    },
    "GET /v1/auth/me": (q, res) =>
      q.headers.authorization === `Bearer ${valid}`
        ? json(res, 200, { id: "u1", auth: q.headers.authorization })
        : problem(res, 401, { code: "token_expired" }),
    "POST /v1/auth/sign-out": (_q, res) => {
      res.writeHead(204);
      res.end();
    },
  });
});
afterAll(() => srv.close());

describe("auth", () => {
  it("sends an API key as a bearer token and never refreshes it", async () => {
    const lk = createClient({ baseUrl: srv.url, auth: "sk_test_abc" });
    const before = refreshCount;
    await expect(lk.auth.me()).rejects.toBeInstanceOf(AuthenticationError);
    expect(srv.seen.at(-1)?.headers.authorization).toBe("Bearer sk_test_abc");
    expect(refreshCount).toBe(before);
  });

  it("signs in, stores the tokens and uses them", async () => {
    const seen: Tokens[] = [];
    const lk = createClient({ baseUrl: srv.url, auth: { onTokens: (t) => seen.push(t) } });
    const tokens = await lk.auth.signIn({ login: "buh@example.ru", password: "secret" });
    expect(tokens.password_change_required).toBe(false);
    expect(srv.seen.at(-1)?.headers.authorization).toBeUndefined();
    await expect(lk.auth.me()).resolves.toMatchObject({ id: "u1" });
    expect(seen).toHaveLength(1);
    await lk.auth.signOut();
    await expect(lk.auth.me()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("rejects bad credentials with AuthenticationError", async () => {
    const lk = createClient({ baseUrl: srv.url });
    await expect(lk.auth.signIn({ login: "x", password: "y" })).rejects.toMatchObject({
      name: "AuthenticationError",
      code: "bad_credentials",
    });
  });

  it("refreshes once on 401 and replays the call; concurrent calls share one refresh", async () => {
    const seen: Tokens[] = [];
    const lk = createClient({
      baseUrl: srv.url,
      auth: { accessToken: "stale", refreshToken: "r1", onTokens: (t) => seen.push(t) },
    });
    const before = refreshCount;
    const [a, b] = await Promise.all([lk.auth.me(), lk.auth.me()]);
    expect(a).toMatchObject({ id: "u1", auth: `Bearer ${valid}` });
    expect(b).toMatchObject({ id: "u1" });
    expect(refreshCount - before).toBe(1);
    expect(seen.map((t) => t.access_token)).toEqual([valid]);
  });

  it("skips refreshing when another call already rotated the token meanwhile", async () => {
    const lk = createClient({ baseUrl: srv.url, auth: { accessToken: "stale", refreshToken: "r1" } });
    const before = refreshCount;
    await lk.auth.me(); // refreshes: stale → current
    // A call that went out with the old token and comes back 401 after the refresh must not refresh again.
    lk.transport.setTokens({ access_token: valid });
    const slow = createClient({
      baseUrl: srv.url,
      auth: { accessToken: "stale", refreshToken: "r1" },
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (res.status === 401) slow.transport.setTokens({ access_token: valid }); // "meanwhile"
        return res;
      },
    });
    await expect(slow.auth.me()).resolves.toMatchObject({ id: "u1" });
    expect(refreshCount - before).toBe(1);
  });

  it("surfaces a failed refresh as AuthenticationError without looping", async () => {
    const lk = createClient({ baseUrl: srv.url, auth: { accessToken: "stale", refreshToken: "wrong" } });
    const before = refreshCount;
    await expect(lk.auth.me()).rejects.toMatchObject({
      name: "AuthenticationError",
      code: "refresh_invalid",
    });
    expect(refreshCount - before).toBe(1);
  });

  it("refreshes a cookie session with an empty body", async () => {
    const lk = createClient({
      baseUrl: srv.url,
      credentials: "include",
      headers: { cookie: "lk_refresh=abc" },
    });
    await expect(lk.auth.me()).resolves.toMatchObject({ id: "u1" });
    const refresh = srv.hits("/v1/auth/refresh").at(-1)!;
    expect(refresh.body).toBe("{}");
  });

  it("asks getAccessToken before each attempt and leaves refreshing to the app", async () => {
    let calls = 0;
    const lk = createClient({
      baseUrl: srv.url,
      auth: {
        getAccessToken: async () => {
          calls++;
          return valid;
        },
      },
    });
    await expect(lk.auth.me()).resolves.toMatchObject({ auth: `Bearer ${valid}` });
    expect(calls).toBe(1);
  });
});
