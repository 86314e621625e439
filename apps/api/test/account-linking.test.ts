import {
  makeCompany,
  makeService,
  makeTariff,
  makeUnassignedAccount,
  type TestCompany,
} from "@lk/core/testing";
import { outboxMessages, services } from "@lk/db";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let admin: string;
let viewer: string;
let otherAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  other = await makeCompany(t.conn);
  admin = await signIn(t.app, co.admin.login, co.admin.password);
  viewer = await signIn(t.app, co.viewer.login, co.viewer.password);
  otherAdmin = await signIn(t.app, other.admin.login, other.admin.password);
});
afterAll(() => t.close());

async function lastCode(recipient: string): Promise<string> {
  const [m] = await t.conn.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.recipient, recipient))
    .orderBy(desc(outboxMessages.createdAt));
  return /: (\d{6})\./.exec(m!.body)![1]!;
}

describe("linking an existing account", () => {
  it("sends a code to the account's contact; the right code links it with its services", async () => {
    const acc = await makeUnassignedAccount(t.conn, { contactPhone: "+79161112233" });
    const tariff = await makeTariff(t.conn);
    const s = await makeService(t.conn, { companyId: acc.companyId, accountId: acc.id, tariffId: tariff.id });
    const r = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { account_number: acc.number, region: "77", group_id: co.groups[0]!.id },
      { token: admin },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ channel: "sms", sent_to: "+7******2233", attempts_left: 3 });
    const code = await lastCode("+79161112233");
    const ok = await call(
      t.app,
      "POST",
      `/v1/accounts/link/${r.body.link_id}/confirm`,
      { code },
      { token: admin },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.group.name).toBe("Москва");
    expect(ok.body.services[0].id).toBe(s.id);
    const [svc] = await t.conn.db.select().from(services).where(eq(services.id, s.id));
    expect(svc!.companyId).toBe(co.id);
    const reuse = await call(
      t.app,
      "POST",
      `/v1/accounts/link/${r.body.link_id}/confirm`,
      { code },
      { token: admin },
    );
    expect(reuse.status).toBe(400);
    expect(reuse.body.errors[0].code).toBe("code_expired");
    const again = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { account_number: acc.number, region: "77" },
      {
        token: admin,
      },
    );
    expect(again.status).toBe(409);
  });

  it("allows 3 tries, then the code is dead", async () => {
    const acc = await makeUnassignedAccount(t.conn, { contactEmail: "holder3@example.test" });
    const r = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { account_number: acc.number, region: "77" },
      {
        token: admin,
      },
    );
    expect(r.body.sent_to).toBe("h***@example.test");
    const code = await lastCode("holder3@example.test");
    const wrong = code === "000000" ? "111111" : "000000";
    for (const left of [2, 1, 0]) {
      const w = await call(
        t.app,
        "POST",
        `/v1/accounts/link/${r.body.link_id}/confirm`,
        { code: wrong },
        {
          token: admin,
        },
      );
      expect(w.status).toBe(400);
      expect(w.body.errors[0]).toMatchObject({ field: "code", code: "invalid_code" });
      expect(w.body.errors[0].message).toContain(left > 0 ? String(left) : "No tries");
    }
    const late = await call(
      t.app,
      "POST",
      `/v1/accounts/link/${r.body.link_id}/confirm`,
      { code },
      { token: admin },
    );
    expect(late.body.errors[0].code).toBe("code_expired");
  });

  it("expires after 5 minutes", async () => {
    const acc = await makeUnassignedAccount(t.conn, { contactEmail: "holder5@example.test" });
    const r = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { account_number: acc.number, region: "77" },
      {
        token: admin,
      },
    );
    const code = await lastCode("holder5@example.test");
    t.clock.advance(5 * 60_000 + 1);
    const late = await call(
      t.app,
      "POST",
      `/v1/accounts/link/${r.body.link_id}/confirm`,
      { code },
      { token: admin },
    );
    expect(late.body.errors[0].code).toBe("code_expired");
  });

  it("does not reveal other companies' accounts, wrong regions, or other companies' links", async () => {
    const wrongRegion = await makeUnassignedAccount(t.conn, { region: "16" });
    const r1 = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { account_number: wrongRegion.number, region: "77" },
      {
        token: admin,
      },
    );
    expect(r1.status).toBe(404);
    const r2 = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { account_number: other.accounts[0]!.number, region: "77" },
      {
        token: admin,
      },
    );
    expect(r2.status).toBe(404);
    const acc = await makeUnassignedAccount(t.conn);
    const r = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { account_number: acc.number, region: "77" },
      {
        token: admin,
      },
    );
    const foreign = await call(
      t.app,
      "POST",
      `/v1/accounts/link/${r.body.link_id}/confirm`,
      { code: "123456" },
      {
        token: otherAdmin,
      },
    );
    expect(foreign.status).toBe(404);
  });

  it("finds the account by a phone number of its services (any spelling) and links it the same way", async () => {
    const acc = await makeUnassignedAccount(t.conn, { contactPhone: "+79164445566" });
    const tariff = await makeTariff(t.conn);
    await makeService(t.conn, {
      companyId: acc.companyId,
      accountId: acc.id,
      tariffId: tariff.id,
      identifier: "+74957001122",
    });
    const r = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { phone: "8 (495) 700-11-22", group_id: co.groups[0]!.id },
      { token: admin },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ channel: "sms", sent_to: "+7******5566" });
    const ok = await call(
      t.app,
      "POST",
      `/v1/accounts/link/${r.body.link_id}/confirm`,
      { code: await lastCode("+79164445566") },
      { token: admin },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.number).toBe(acc.number);
    // A number nobody has, or one of another company's services: the same 404.
    const none = await call(t.app, "POST", "/v1/accounts/link", { phone: "+74950000000" }, { token: admin });
    expect(none.status).toBe(404);
    const taken = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { phone: "+74957001122" },
      { token: otherAdmin },
    );
    expect(taken.status).toBe(404);
    // Neither a phone nor a number: both fields named.
    const empty = await call(t.app, "POST", "/v1/accounts/link", {}, { token: admin, lang: "ru" });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "account_number",
      "region",
    ]);
    expect(empty.body.errors[0].message).toContain("номер телефона");
  });

  it("guards: no token 401, viewer 403, bad body 400 naming the field", async () => {
    const body = { account_number: "770000000001", region: "77" };
    expect((await call(t.app, "POST", "/v1/accounts/link", body)).status).toBe(401);
    expect((await call(t.app, "POST", "/v1/accounts/link", body, { token: viewer })).status).toBe(403);
    const bad = await call(
      t.app,
      "POST",
      "/v1/accounts/link",
      { account_number: "12", region: "77" },
      { token: admin },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("account_number");
    const badCode = await call(
      t.app,
      "POST",
      "/v1/accounts/link/00000000-0000-4000-8000-000000000000/confirm",
      { code: "abc" },
      { token: admin },
    );
    expect(badCode.body.errors[0].field).toBe("code");
  });
});
