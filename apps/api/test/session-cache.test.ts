import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

// Two apps over one database stand for two `lk serve` workers (ADR 0066): the worker that signs
// a user out refuses the token at once; the other reuses its last session check for at most
// LK_SESSION_CACHE_MS, then refuses it too.
const TTL = 400;
let t: TestApp;
let co: TestCompany;
let other: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await createTestApp({ env: { LK_SESSION_CACHE_MS: String(TTL) } });
  co = await makeCompany(t.conn);
  other = createApp({ conn: t.conn, config: t.config, now: t.clock });
});
afterAll(() => t.close());

const me = (app: TestApp["app"], token: string) => call(app, "GET", "/v1/auth/me", undefined, { token });

describe("session checks reused for a moment", () => {
  it("a sign-out is refused at once by the same worker and within the cache time by another", async () => {
    const token = await signIn(t.app, co.viewer.login, co.viewer.password);
    expect((await me(t.app, token)).status).toBe(200);
    expect((await me(other, token)).status).toBe(200); // the other worker has now cached the check
    const signedOutAt = performance.now();
    expect((await call(t.app, "POST", "/v1/auth/sign-out-all", undefined, { token })).status).toBe(204);
    expect((await me(t.app, token)).status).toBe(401);
    const stale = await me(other, token);
    if (performance.now() - signedOutAt < TTL) expect(stale.status).toBe(200);
    await new Promise((r) => setTimeout(r, TTL + 50));
    expect((await me(other, token)).status).toBe(401);
  });

  it("a write by a signed-out token is refused at once by every worker", async () => {
    const token = await signIn(t.app, co.viewer.login, co.viewer.password);
    expect((await me(other, token)).status).toBe(200); // cached on the other worker
    expect((await call(t.app, "POST", "/v1/auth/sign-out-all", undefined, { token })).status).toBe(204);
    const write = await call(other, "POST", "/v1/auth/sign-out", undefined, { token });
    expect(write.status).toBe(401);
  });

  it("a block by an admin is refused at once by the worker that made it", async () => {
    const admin = await signIn(t.app, co.admin.login, co.admin.password);
    const token = await signIn(t.app, co.accountant.login, co.accountant.password);
    expect((await me(t.app, token)).status).toBe(200);
    const blocked = await call(t.app, "POST", `/v1/users/${co.accountant.id}/block`, undefined, {
      token: admin,
    });
    expect(blocked.status).toBe(200);
    expect((await me(t.app, token)).status).toBe(401); // blocking also ends the user's sessions
  });

  it("LK_SESSION_CACHE_MS=0 checks every request", async () => {
    const strict = createApp({ conn: t.conn, config: { ...t.config, sessionCacheMs: 0 }, now: t.clock });
    const token = await signIn(t.app, co.viewer.login, co.viewer.password);
    expect((await me(strict, token)).status).toBe(200);
    expect((await call(t.app, "POST", "/v1/auth/sign-out", undefined, { token })).status).toBe(204);
    expect((await me(strict, token)).status).toBe(401);
  });
});
