import { makeCompany, makeService, makeTariff, restrictUser, type TestCompany } from "@lk/core/testing";
import { accounts } from "@lk/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let admin: string;
let viewer: string;
let restricted: string;
let otherAdmin: string;
const phone = "+74955550123";

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  other = await makeCompany(t.conn);
  const tariff = await makeTariff(t.conn);
  const moscow = co.accounts.find((a) => a.groupId === co.groups[0]!.id)!;
  await makeService(t.conn, {
    companyId: co.id,
    accountId: moscow.id,
    tariffId: tariff.id,
    identifier: phone,
  });
  const kazan = co.accounts.find((a) => a.groupId === co.groups[2]!.id)!;
  await makeService(t.conn, {
    companyId: co.id,
    accountId: kazan.id,
    tariffId: tariff.id,
    kind: "internet",
    identifier: "kazan-office-1",
  });
  await t.conn.db
    .update(accounts)
    .set({ balance: -5000, contractNumber: "Д-777" })
    .where(eq(accounts.id, kazan.id));
  // The accountant is limited to «Регионы» (and so its subgroup «Казань»).
  await restrictUser(t.conn, co.accountant.id, [co.groups[1]!.id]);
  admin = await signIn(t.app, co.admin.login, co.admin.password);
  viewer = await signIn(t.app, co.viewer.login, co.viewer.password);
  restricted = await signIn(t.app, co.accountant.login, co.accountant.password);
  otherAdmin = await signIn(t.app, other.admin.login, other.admin.password);
});
afterAll(() => t.close());

const ids = (body: { data: { id: string }[] }) => body.data.map((a) => a.id).sort();

describe("GET /v1/accounts", () => {
  it("lists the company's accounts with money in kopecks", async () => {
    const res = await call(t.app, "GET", "/v1/accounts", undefined, { token: admin });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(co.accounts.map((a) => a.id).sort());
    expect(res.body.data[0]).toMatchObject({ currency: "RUB", billing_system: "advance" });
    expect(res.body.next_cursor).toBeNull();
  });

  it("pages with an opaque keyset cursor in every sort", async () => {
    for (const sort of ["number", "-number", "balance", "-balance", "created", "-created"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/v1/accounts?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await call(t.app, "GET", q, undefined, { token: admin });
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((a: { id: string }) => a.id));
        cursor = res.body.next_cursor;
      } while (cursor);
      expect(seen.sort()).toEqual(co.accounts.map((a) => a.id).sort());
    }
    const byBalance = await call(t.app, "GET", "/v1/accounts?sort=balance", undefined, { token: admin });
    expect(byBalance.body.data[0].balance_amount).toBe(-5000);
  });

  it("searches by number prefix, phone in any spelling, login and contract", async () => {
    const moscow = co.accounts.find((a) => a.groupId === co.groups[0]!.id)!;
    const kazan = co.accounts.find((a) => a.groupId === co.groups[2]!.id)!;
    const q = async (s: string) =>
      ids(
        (await call(t.app, "GET", `/v1/accounts?q=${encodeURIComponent(s)}`, undefined, { token: admin }))
          .body,
      );
    expect(await q(moscow.number)).toEqual([moscow.id]);
    expect(await q("8 (495) 555-01-23")).toEqual([moscow.id]);
    expect(await q("+74955550123")).toEqual([moscow.id]);
    expect(await q("KAZAN-office")).toEqual([kazan.id]);
    expect(await q("д-777")).toEqual([kazan.id]);
    expect(await q("nothing-like-this")).toEqual([]);
  });

  it("filters by group (with subgroups), status and balance below", async () => {
    const regions = await call(t.app, "GET", `/v1/accounts?group_id=${co.groups[1]!.id}`, undefined, {
      token: admin,
    });
    expect(res(regions).length).toBe(4);
    const below = await call(t.app, "GET", "/v1/accounts?balance_below=0", undefined, { token: admin });
    expect(below.body.data.map((a: { balance_amount: number }) => a.balance_amount)).toEqual([-5000]);
    const closed = await call(t.app, "GET", "/v1/accounts?status=closed", undefined, { token: admin });
    expect(closed.body.data).toEqual([]);
  });

  it("rejects bad queries naming the field", async () => {
    const r1 = await call(t.app, "GET", "/v1/accounts?sort=colour", undefined, { token: admin });
    expect(r1.status).toBe(400);
    expect(r1.body.errors[0].field).toBe("query.sort");
    const r2 = await call(t.app, "GET", "/v1/accounts?balance_below=abc", undefined, { token: admin });
    expect(r2.body.errors[0].field).toBe("query.balance_below");
    const r3 = await call(t.app, "GET", "/v1/accounts?cursor=garbage", undefined, { token: admin });
    expect(r3.status).toBe(400);
    expect(r3.body.errors[0].field).toBe("query.cursor");
    const r4 = await call(t.app, "GET", "/v1/accounts?limit=1001", undefined, { token: admin });
    expect(r4.body.errors[0].field).toBe("query.limit");
  });

  it("needs a token", async () => {
    expect((await call(t.app, "GET", "/v1/accounts")).status).toBe(401);
    expect((await call(t.app, "GET", `/v1/accounts/${co.accounts[0]!.id}`)).status).toBe(401);
  });
});

const res = (r: { body: { data: unknown[] } }) => r.body.data;

describe("GET /v1/accounts/{id}", () => {
  it("shows balance, billing system, services and ledger", async () => {
    const moscow = co.accounts.find((a) => a.groupId === co.groups[0]!.id)!;
    const r = await call(t.app, "GET", `/v1/accounts/${moscow.id}`, undefined, { token: viewer });
    expect(r.status).toBe(200);
    expect(r.body.group).toMatchObject({ name: "Москва", cost_center: "CC-100" });
    expect(r.body.services).toHaveLength(1);
    expect(r.body.services[0]).toMatchObject({ identifier: phone, status: "active", kind: "telephony" });
    expect(r.body.recent_ledger).toEqual([]);
  });

  it("is 404 for another company's account", async () => {
    const r = await call(t.app, "GET", `/v1/accounts/${co.accounts[0]!.id}`, undefined, {
      token: otherAdmin,
    });
    expect(r.status).toBe(404);
    const bad = await call(t.app, "GET", "/v1/accounts/not-a-uuid", undefined, { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("path.id");
  });
});

describe("group restriction", () => {
  const visible = () => co.accounts.filter((a) => a.groupId !== co.groups[0]!.id);
  const hidden = () => co.accounts.filter((a) => a.groupId === co.groups[0]!.id);

  it("a restricted user never sees another group's accounts: list, detail, search", async () => {
    const list = await call(t.app, "GET", "/v1/accounts?limit=1000", undefined, { token: restricted });
    expect(ids(list.body)).toEqual(
      visible()
        .map((a) => a.id)
        .sort(),
    );
    for (const a of hidden()) {
      expect(
        (await call(t.app, "GET", `/v1/accounts/${a.id}`, undefined, { token: restricted })).status,
      ).toBe(404);
      const s = await call(t.app, "GET", `/v1/accounts?q=${a.number}`, undefined, { token: restricted });
      expect(s.body.data).toEqual([]);
    }
    const byPhone = await call(t.app, "GET", `/v1/accounts?q=${encodeURIComponent(phone)}`, undefined, {
      token: restricted,
    });
    expect(byPhone.body.data).toEqual([]);
    const byGroup = await call(t.app, "GET", `/v1/accounts?group_id=${co.groups[0]!.id}`, undefined, {
      token: restricted,
    });
    expect(byGroup.status).toBe(404);
    const services = await call(t.app, "GET", "/v1/services", undefined, { token: restricted });
    expect(services.body.data.map((s: { identifier: string }) => s.identifier)).toEqual(["kazan-office-1"]);
    const groups = await call(t.app, "GET", "/v1/groups", undefined, { token: restricted });
    expect(groups.body.data.map((g: { name: string }) => g.name)).toEqual(["Регионы", "Казань"]);
  });

  it("sees accounts moved into their groups later", async () => {
    const moving = hidden()[0]!;
    const moved = await call(
      t.app,
      "POST",
      "/v1/accounts/move",
      { account_ids: [moving.id], group_id: co.groups[2]!.id },
      { token: admin },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.moved).toBe(1);
    const r = await call(t.app, "GET", `/v1/accounts/${moving.id}`, undefined, { token: restricted });
    expect(r.status).toBe(200);
    expect(r.body.group.name).toBe("Казань");
    await call(
      t.app,
      "POST",
      "/v1/accounts/move",
      { account_ids: [moving.id], group_id: co.groups[0]!.id },
      {
        token: admin,
      },
    );
  });
});

describe("POST /v1/accounts/move", () => {
  it("moves several accounts at once, all or nothing", async () => {
    const two = co.accounts.slice(0, 2).map((a) => a.id);
    const r = await call(
      t.app,
      "POST",
      "/v1/accounts/move",
      { account_ids: two, group_id: co.groups[1]!.id },
      {
        token: admin,
      },
    );
    expect(r.body.moved).toBe(2);
    const foreign = await call(
      t.app,
      "POST",
      "/v1/accounts/move",
      { account_ids: [co.accounts[2]!.id, other.accounts[0]!.id], group_id: co.groups[1]!.id },
      { token: admin },
    );
    expect(foreign.status).toBe(404);
    const [unchanged] = await t.conn.db.select().from(accounts).where(eq(accounts.id, co.accounts[2]!.id));
    expect(unchanged!.groupId).toBe(co.accounts[2]!.groupId);
    await call(
      t.app,
      "POST",
      "/v1/accounts/move",
      { account_ids: [two[0]], group_id: co.accounts[0]!.groupId },
      {
        token: admin,
      },
    );
    await call(
      t.app,
      "POST",
      "/v1/accounts/move",
      { account_ids: [two[1]], group_id: co.accounts[1]!.groupId },
      {
        token: admin,
      },
    );
  });

  it("guards: other company 404, viewer 403, no token 401, bad body 400", async () => {
    const body = { account_ids: [co.accounts[0]!.id], group_id: co.groups[1]!.id };
    expect((await call(t.app, "POST", "/v1/accounts/move", body, { token: otherAdmin })).status).toBe(404);
    expect((await call(t.app, "POST", "/v1/accounts/move", body, { token: viewer })).status).toBe(403);
    expect((await call(t.app, "POST", "/v1/accounts/move", body)).status).toBe(401);
    const bad = await call(
      t.app,
      "POST",
      "/v1/accounts/move",
      { account_ids: [], group_id: null },
      { token: admin },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("account_ids");
  });
});

describe("groups", () => {
  it("creates nested groups with cost centres, renames, refuses cycles, deletes empty ones", async () => {
    const parent = await call(
      t.app,
      "POST",
      "/v1/groups",
      { name: "Склады", cost_center: "CC-900" },
      { token: admin },
    );
    expect(parent.status).toBe(201);
    const child = await call(
      t.app,
      "POST",
      "/v1/groups",
      { name: "Склад №1", parent_id: parent.body.id },
      {
        token: admin,
      },
    );
    expect(child.body.path).toEqual(["Склады", "Склад №1"]);
    const cycle = await call(
      t.app,
      "PATCH",
      `/v1/groups/${parent.body.id}`,
      { parent_id: child.body.id },
      {
        token: admin,
      },
    );
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors[0].field).toBe("parent_id");
    const busy = await call(t.app, "DELETE", `/v1/groups/${parent.body.id}`, undefined, { token: admin });
    expect(busy.status).toBe(409);
    expect(
      (await call(t.app, "DELETE", `/v1/groups/${child.body.id}`, undefined, { token: admin })).status,
    ).toBe(204);
    const renamed = await call(
      t.app,
      "PATCH",
      `/v1/groups/${parent.body.id}`,
      { cost_center: "CC-901" },
      {
        token: admin,
      },
    );
    expect(renamed.body.cost_center).toBe("CC-901");
  });

  it("guards: other company 404, viewer 403, no token 401, bad body 400", async () => {
    const g = co.groups[0]!.id;
    expect((await call(t.app, "PATCH", `/v1/groups/${g}`, { name: "x" }, { token: otherAdmin })).status).toBe(
      404,
    );
    expect((await call(t.app, "POST", "/v1/groups", { name: "x" }, { token: viewer })).status).toBe(403);
    expect((await call(t.app, "GET", "/v1/groups")).status).toBe(401);
    const bad = await call(t.app, "POST", "/v1/groups", { name: "" }, { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("name");
  });
});
