import { makeCompany, restrictUser, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPhoneLines, csv } from "../../../packages/core/test/calls-fixtures";
import { call, createTestApp, operator, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let lines: Awaited<ReturnType<typeof addPhoneLines>>;
let admin: string;
let viewer: string;
const HEADER = ["record_id", "started_at", "duration_sec", "direction", "caller", "callee"];

async function importCsv(text: string) {
  const res = await t.app.request("/v1/operator/calls/import", {
    method: "POST",
    headers: { ...operator.headers, "content-type": "text/csv" },
    body: text,
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  other = await makeCompany(t.conn);
  lines = await addPhoneLines(t.conn, co);
  const otherLines = await addPhoneLines(t.conn, other);
  const rows = [...lines, ...otherLines].flatMap((l, i) => [
    [`a${i}`, `2025-04-0${1 + (i % 5)}T09:00:00Z`, 61, "outgoing", l.number, "+74957654321"],
    [`b${i}`, `2025-04-1${i % 9}T15:30:00Z`, 200, "outgoing", l.number, "+79161234567"],
    [`c${i}`, `2025-04-2${i % 9}T11:00:00Z`, 45, "incoming", "+78121112233", l.number],
  ]);
  const res = await importCsv(csv([HEADER, ...rows]));
  expect(res.body.inserted).toBe(rows.length);
  admin = await signIn(t.app, co.admin.login, co.admin.password);
  viewer = await signIn(t.app, co.viewer.login, co.viewer.password);
});
afterAll(() => t.close());

describe("GET /v1/calls", () => {
  it("lists a month's calls with keyset pages", async () => {
    const first = await call(t.app, "GET", "/v1/calls?period=2025-04&limit=10", undefined, { token: viewer });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(10);
    expect(first.body.data[0]).toMatchObject({
      currency: "RUB",
      direction: "outgoing",
      duration_sec: 61,
      cost_amount: 300,
    });
    const all = [...first.body.data];
    let cursor = first.body.next_cursor;
    while (cursor) {
      const next = await call(t.app, "GET", `/v1/calls?period=2025-04&limit=10&cursor=${cursor}`, undefined, {
        token: viewer,
      });
      all.push(...next.body.data);
      cursor = next.body.next_cursor;
    }
    expect(all).toHaveLength(lines.length * 3);
  });

  it("filters by account, phone, direction, destination type, duration and cost", async () => {
    const q = (s: string) => call(t.app, "GET", `/v1/calls?period=2025-04&${s}`, undefined, { token: admin });
    expect((await q(`account_id=${co.accounts[0]!.id}`)).body.data).toHaveLength(3);
    expect((await q(`phone=${encodeURIComponent(lines[1]!.number)}`)).body.data).toHaveLength(3);
    expect((await q("phone=8%20(812)%20111-22-33")).body.data).toHaveLength(lines.length);
    expect((await q("direction=incoming")).body.data).toHaveLength(lines.length);
    expect((await q("destination_type=mobile")).body.data).toHaveLength(lines.length);
    expect((await q("min_duration=100")).body.data).toHaveLength(lines.length);
    expect((await q("min_cost=301")).body.data).toHaveLength(lines.length);
    const group = co.groups.find((g) => g.name === "Регионы")!;
    expect((await q(`group_id=${group.id}`)).body.data).toHaveLength(12); // Регионы + Казань: 4 accounts
  });

  it("needs a token", async () => {
    expect((await call(t.app, "GET", "/v1/calls")).status).toBe(401);
  });

  it("hides another company's account and group (404)", async () => {
    const a = await call(t.app, "GET", `/v1/calls?account_id=${other.accounts[0]!.id}`, undefined, {
      token: admin,
    });
    expect(a.status).toBe(404);
    const g = await call(t.app, "GET", `/v1/calls/summary?group_id=${other.groups[0]!.id}`, undefined, {
      token: admin,
    });
    expect(g.status).toBe(404);
  });

  it("names the bad query parameter (400)", async () => {
    const cases: [string, string][] = [
      ["period=2025-13", "query.period"],
      ["limit=5000", "query.limit"],
      ["direction=up", "query.direction"],
      ["account_id=nope", "query.account_id"],
      ["min_cost=-1", "query.min_cost"],
      ["cursor=garbage", "query.cursor"],
      ["phone=abc", "query.phone"],
      ["period=2025-04&from=2025-04-01T00:00:00Z", "query.period"],
      ["from=2025-04-02T00:00:00Z&to=2025-04-01T00:00:00Z", "query.to"],
    ];
    for (const [qs, field] of cases) {
      const res = await call(t.app, "GET", `/v1/calls?${qs}`, undefined, { token: admin });
      expect(res.status, qs).toBe(400);
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        qs,
      ).toContain(field);
    }
  });
});

describe("GET /v1/calls/summary and /stats", () => {
  it("totals the filter", async () => {
    const res = await call(t.app, "GET", "/v1/calls/summary?period=2025-04", undefined, { token: viewer });
    expect(res.status).toBe(200);
    const n = lines.length;
    expect(res.body).toMatchObject({
      count: n * 3,
      duration_sec: n * (61 + 200 + 45),
      billable_sec: n * (120 + 240),
      minutes: n * 6,
      cost_amount: n * (300 + 4 * 250),
      currency: "RUB",
    });
  });

  it("groups by day, destination type and top numbers", async () => {
    const by = async (b: string) =>
      (await call(t.app, "GET", `/v1/calls/stats?period=2025-04&by=${b}`, undefined, { token: viewer })).body;
    const types = await by("destination_type");
    expect(
      Object.fromEntries(types.data.map((r: { key: string; count: number }) => [r.key, r.count])),
    ).toEqual({
      local: lines.length,
      long_distance: lines.length,
      mobile: lines.length,
    });
    const top = await by("top_numbers");
    expect(top.data[0].key).toBeDefined();
    expect(top.data.length).toBeLessThanOrEqual(10);
    const days = await by("day");
    expect(days.data[0].key).toMatch(/^2025-04-\d\d$/);
    const bad = await call(t.app, "GET", "/v1/calls/stats?by=week", undefined, { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.by");
  });

  it("limits a restricted user to their groups' totals", async () => {
    const kazan = co.groups.find((g) => g.name === "Казань")!;
    await restrictUser(t.conn, co.accountant.id, [kazan.id]);
    const acc = await signIn(t.app, co.accountant.login, co.accountant.password);
    const res = await call(t.app, "GET", "/v1/calls/summary?period=2025-04", undefined, { token: acc });
    expect(res.body.count).toBe(2 * 3);
    const list = await call(t.app, "GET", "/v1/calls?period=2025-04&limit=1000", undefined, { token: acc });
    const kazanAccounts = new Set(co.accounts.filter((a) => a.groupId === kazan.id).map((a) => a.id));
    expect(list.body.data.every((c: { account_id: string }) => kazanAccounts.has(c.account_id))).toBe(true);
    const top = await call(t.app, "GET", "/v1/calls/stats?period=2025-04&by=top_numbers&top=100", undefined, {
      token: acc,
    });
    expect(top.body.data.reduce((s: number, r: { count: number }) => s + r.count, 0)).toBe(6);
    const exp = await t.app.request("/v1/calls/export?period=2025-04", {
      headers: { authorization: `Bearer ${acc}` },
    });
    expect((await exp.text()).trim().split("\r\n")).toHaveLength(1 + 6);
    const moscowAcc = co.accounts.find((a) => a.groupId !== kazan.id)!;
    const hidden = await call(t.app, "GET", `/v1/calls?account_id=${moscowAcc.id}`, undefined, {
      token: acc,
    });
    expect(hidden.status).toBe(404);
  });
});

describe("GET /v1/calls/export", () => {
  it("streams CSV for Russian Excel with a file name", async () => {
    const res = await t.app.request(`/v1/calls/export?period=2025-04&account_id=${co.accounts[0]!.id}`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="calls-2025-04.csv"');
    const buf = Buffer.from(await res.arrayBuffer());
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = buf.toString("utf8").slice(1).trim().split("\r\n");
    expect(rows).toHaveLength(4);
    expect(rows[1]!.split(";").slice(-3)).toEqual(["61", "120", "3,00"]);
  });

  it("streams XLSX", async () => {
    const res = await t.app.request("/v1/calls/export?period=2025-04&format=xlsx", {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("calls-2025-04.xlsx");
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.subarray(0, 2).toString()).toBe("PK");
  });

  it("checks token, company and format before streaming", async () => {
    expect((await call(t.app, "GET", "/v1/calls/export")).status).toBe(401);
    const other404 = await call(
      t.app,
      "GET",
      `/v1/calls/export?account_id=${other.accounts[0]!.id}`,
      undefined,
      {
        token: viewer,
      },
    );
    expect(other404.status).toBe(404);
    const bad = await call(t.app, "GET", "/v1/calls/export?format=pdf", undefined, { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.format");
  });
});
