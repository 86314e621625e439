import { makeCompany, restrictUser, type TestCompany } from "@lk/core/testing";
import { services, tariffs, trafficDaily } from "@lk/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let svc: { id: string; accountId: string }[];
let otherSvc: string;
const GB = 1024 ** 3;

async function internet(c: TestCompany) {
  const [tariff] = await t.conn.db
    .insert(tariffs)
    .values({ code: `inet-${c.id.slice(0, 8)}`, name: "Интернет", kind: "internet" })
    .returning({ id: tariffs.id });
  const out: { id: string; accountId: string }[] = [];
  for (const [i, a] of c.accounts.entries()) {
    const [s] = await t.conn.db
      .insert(services)
      .values({
        companyId: c.id,
        accountId: a.id,
        tariffId: tariff!.id,
        kind: "internet",
        identifier: `inet-${i}`,
        status: "active",
      })
      .returning({ id: services.id });
    out.push({ id: s!.id, accountId: a.id });
    await t.conn.db.insert(trafficDaily).values(
      ["2025-06-01", "2025-06-02", "2025-07-01"].map((day) => ({
        companyId: c.id,
        accountId: a.id,
        serviceId: s!.id,
        day,
        bytesIn: GB,
        bytesOut: GB / 4,
      })),
    );
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  other = await makeCompany(t.conn);
  svc = await internet(co);
  otherSvc = (await internet(other))[0]!.id;
});
afterAll(() => t.close());

describe("GET /v1/traffic", () => {
  it("totals a month per service and per day", async () => {
    const token = await signIn(t.app, co.viewer.login, co.viewer.password);
    const res = await call(t.app, "GET", "/v1/traffic?period=2025-06", undefined, { token });
    expect(res.status).toBe(200);
    expect(res.body.period).toBe("2025-06");
    expect(res.body.totals).toEqual({ bytes_in: 12 * GB, bytes_out: 3 * GB });
    expect(res.body.services).toHaveLength(6);
    expect(res.body.days).toEqual([
      { day: "2025-06-01", bytes_in: 6 * GB, bytes_out: 1.5 * GB },
      { day: "2025-06-02", bytes_in: 6 * GB, bytes_out: 1.5 * GB },
    ]);
    const one = await call(t.app, "GET", `/v1/traffic?period=2025-06&service_id=${svc[0]!.id}`, undefined, {
      token,
    });
    expect(one.body.totals.bytes_in).toBe(2 * GB);
  });

  it("shows a restricted user only their groups", async () => {
    const moscow = co.groups.find((g) => g.name === "Москва")!;
    await restrictUser(t.conn, co.accountant.id, [moscow.id]);
    const token = await signIn(t.app, co.accountant.login, co.accountant.password);
    const res = await call(t.app, "GET", "/v1/traffic?period=2025-06", undefined, { token });
    expect(res.body.services).toHaveLength(2);
    const hidden = svc.find((s) => co.accounts.find((a) => a.id === s.accountId)!.groupId !== moscow.id)!;
    const r404 = await call(t.app, "GET", `/v1/traffic?service_id=${hidden.id}`, undefined, { token });
    expect(r404.status).toBe(404);
  });

  it("401 without a token, 404 for another company's service, 400 naming a bad period", async () => {
    expect((await call(t.app, "GET", "/v1/traffic")).status).toBe(401);
    const token = await signIn(t.app, co.admin.login, co.admin.password);
    expect(
      (await call(t.app, "GET", `/v1/traffic?service_id=${otherSvc}`, undefined, { token })).status,
    ).toBe(404);
    expect(
      (await call(t.app, "GET", `/v1/traffic?account_id=${other.accounts[0]!.id}`, undefined, { token }))
        .status,
    ).toBe(404);
    const bad = await call(t.app, "GET", "/v1/traffic?period=June", undefined, { token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.period");
  });
});
