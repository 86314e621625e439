import { listSigningKeys, rotateSigningKey } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { call, createTestApp, signIn, type TestApp } from "./helpers";
import { jobCtx } from "./job-ctx";

// `lk keys rotate` (docs/operations.md): a new key signs at once; the old one verifies for its grace
// and is then refused; `--retire-now` refuses it within the refresh interval of every instance —
// here two apps over one database stand for two running `lk serve` instances.
const REFRESH = 200;
let t: TestApp;
let co: TestCompany;
let other: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await createTestApp({ env: { LK_SIGNING_KEYS_REFRESH_MS: String(REFRESH) } });
  co = await makeCompany(t.conn);
  other = createApp({ conn: t.conn, config: t.config, now: t.clock });
});
afterAll(() => t.close());

const me = (app: TestApp["app"], token: string) => call(app, "GET", "/v1/auth/me", undefined, { token });
const kid = (token: string) => decodeProtectedHeader(token).kid;
const jwks = async () => (await call(t.app, "GET", "/.well-known/jwks.json")).body.keys as { kid: string }[];
/** Asks until `check` holds (each instance re-reads its keys every REFRESH ms), at most 5 s. */
async function eventually(check: () => Promise<boolean>) {
  for (const end = Date.now() + 5000; Date.now() < end; ) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("not within 5 s");
}

describe("signing-key rotation", () => {
  it("a rotation signs new tokens with the new key on every instance and keeps old tokens valid", async () => {
    const old = await signIn(t.app, co.viewer.login, co.viewer.password);
    expect((await me(other, old)).status).toBe(200);
    const { kid: newKid, replaced } = await rotateSigningKey({ ctx: jobCtx(t, "cli"), input: {} });
    expect(replaced.map((r) => r.kid)).toEqual([kid(old)]);
    // Within the refresh interval both instances sign with the new key, without a restart.
    await eventually(async () => kid(await signIn(other, co.viewer.login, co.viewer.password)) === newKid);
    await eventually(async () => kid(await signIn(t.app, co.viewer.login, co.viewer.password)) === newKid);
    // The old key still verifies for its grace (an access token's lifetime), and is in the JWKS.
    await new Promise((r) => setTimeout(r, REFRESH * 2));
    expect((await me(t.app, old)).status).toBe(200);
    expect((await me(other, old)).status).toBe(200);
    expect((await jwks()).map((k) => k.kid).sort()).toEqual([kid(old), newKid].sort());
    const states = await listSigningKeys({ ctx: jobCtx(t, "cli") });
    expect(states.map((k) => k.state)).toEqual(["signing", "verifying"]);
  });

  it("--retire-now refuses every token of the old keys on every instance; refresh tokens still work", async () => {
    const signedIn = await call(t.app, "POST", "/v1/auth/sign-in", {
      login: co.viewer.login,
      password: co.viewer.password,
    });
    const old = signedIn.body.access_token as string;
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
    expect((await me(other, old)).status).toBe(200); // verified and cached by both instances
    expect((await me(t.app, old)).status).toBe(200);
    const { kid: newKid } = await rotateSigningKey({ ctx: jobCtx(t, "cli"), input: { graceSec: 0 } });
    await eventually(async () => (await me(t.app, old)).status === 401);
    await eventually(async () => (await me(other, old)).status === 401);
    expect((await jwks()).map((k) => k.kid)).toEqual([newKid]);
    const refreshed = await call(t.app, "POST", "/v1/auth/refresh", undefined, { headers: { cookie } });
    expect(refreshed.status).toBe(200);
    expect(kid(refreshed.body.access_token)).toBe(newKid);
    expect((await me(other, refreshed.body.access_token)).status).toBe(200);
    const states = await listSigningKeys({ ctx: jobCtx(t, "cli") });
    expect(states.map((k) => k.state)).toEqual(["signing", "retired", "retired"]);
  });

  it("only the operator may rotate", async () => {
    const userCtx = {
      ...jobCtx(t),
      principal: { type: "user" as const, userId: co.admin.id, companyId: co.id },
    };
    await expect(rotateSigningKey({ ctx: userCtx as never, input: {} })).rejects.toMatchObject({
      status: 403,
    });
  });
});
