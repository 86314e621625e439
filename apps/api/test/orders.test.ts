import { makeCompany, makeService, makeTariff, type TestCompany } from "@lk/core/testing";
import { outboxMessages, services, serviceTariffHistory } from "@lk/db";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, operator, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let buh: string;
let viewer: string;
let otherAdmin: string;
let tel1: { id: string };
let tel2: { id: string };
let inet: { id: string };
let serviceId: string;

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  other = await makeCompany(t.conn);
  tel1 = await makeTariff(t.conn, { rates: { local: 150 } });
  tel2 = await makeTariff(t.conn, { rates: { local: 120 } });
  inet = await makeTariff(t.conn, { kind: "internet", monthlyFee: 150000 });
  const s = await makeService(t.conn, {
    companyId: co.id,
    accountId: co.accounts[0]!.id,
    tariffId: tel1.id,
    connectedAt: new Date("2026-01-10T00:00:00Z"),
  });
  serviceId = s.id;
  buh = await signIn(t.app, co.accountant.login, co.accountant.password);
  viewer = await signIn(t.app, co.viewer.login, co.viewer.password);
  otherAdmin = await signIn(t.app, other.admin.login, other.admin.password);
});
afterAll(() => t.close());

const transition = (id: string, body: Record<string, unknown>) =>
  call(t.app, "POST", `/v1/operator/orders/${id}/transition`, body, operator);

describe("orders", () => {
  it("connect: new → in_progress → done creates an active service and notifies the author", async () => {
    const created = await call(
      t.app,
      "POST",
      "/v1/orders",
      { kind: "connect", account_id: co.accounts[1]!.id, tariff_id: inet.id, comment: "Офис 2" },
      { token: buh },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "new", kind: "connect", service_id: null });
    const id = created.body.id;
    expect((await transition(id, { status: "in_progress", comment: "Выезд монтажника 12.03" })).status).toBe(
      200,
    );
    const done = await transition(id, { status: "done", identifier: "romashka-office2" });
    expect(done.status).toBe(200);
    expect(done.body.timeline.map((e: { status: string }) => e.status)).toEqual([
      "new",
      "in_progress",
      "done",
    ]);
    const mine = await call(t.app, "GET", `/v1/orders/${id}`, undefined, { token: viewer });
    expect(mine.body.status).toBe("done");
    // Which service it is about, in the detail and in the list.
    expect(mine.body.service_identifier).toBe("romashka-office2");
    const listed = await call(t.app, "GET", "/v1/orders?limit=100", undefined, { token: viewer });
    expect(listed.body.data.find((o: { id: string }) => o.id === id).service_identifier).toBe(
      "romashka-office2",
    );
    expect(mine.body.timeline[1]).toMatchObject({ actor: "operator", comment: "Выезд монтажника 12.03" });
    const svc = await call(t.app, "GET", `/v1/services/${mine.body.service_id}`, undefined, {
      token: viewer,
    });
    expect(svc.body).toMatchObject({ status: "active", identifier: "romashka-office2", kind: "internet" });
    expect(svc.body.connected_at).not.toBeNull();
    const mail = await t.conn.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "order_status"));
    expect(mail.length).toBe(2);
    expect(mail[0]!.recipient).toBe(`${co.accountant.login}@example.test`);
    // In words, with a link to the order — no status code, no bare UUID to quote.
    const doneMail = mail.find((m) => m.subject?.endsWith("выполнена"));
    expect(doneMail?.subject).toBe("Заявка «подключение услуги»: выполнена");
    expect(doneMail!.body).toContain(
      `Заявка в личном кабинете: ${t.config.core.publicUrl.replace(/\/$/, "")}/orders/${id}`,
    );
    expect(doneMail!.body.replace(`/orders/${id}`, "")).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("orders for one service sent at once: one is opened, the rest order_pending", async () => {
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(
          t.app,
          "POST",
          "/v1/orders",
          { kind: "suspend", account_id: co.accounts[0]!.id, service_id: serviceId },
          { token: buh },
        ),
      ),
    );
    const opened = rs.filter((r) => r.status === 201);
    expect(opened).toHaveLength(1);
    for (const r of rs.filter((x) => x.status !== 201))
      expect([r.status, r.body.code]).toEqual([409, "order_pending"]);
    // Rejected, it leaves the service free for the next test's order.
    expect((await transition(opened[0]!.body.id, { status: "rejected" })).status).toBe(200);
  });

  it("change_tariff done switches the tariff and records the date for billing", async () => {
    const o = await call(
      t.app,
      "POST",
      "/v1/orders",
      { kind: "change_tariff", account_id: co.accounts[0]!.id, service_id: serviceId, tariff_id: tel2.id },
      { token: buh },
    );
    expect(o.status).toBe(201);
    const again = await call(
      t.app,
      "POST",
      "/v1/orders",
      { kind: "suspend", account_id: co.accounts[0]!.id, service_id: serviceId },
      { token: buh },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("order_pending");
    expect((await transition(o.body.id, { status: "done" })).status).toBe(200);
    const [s] = await t.conn.db.select().from(services).where(eq(services.id, serviceId));
    expect(s!.tariffId).toBe(tel2.id);
    const history = await t.conn.db
      .select()
      .from(serviceTariffHistory)
      .where(eq(serviceTariffHistory.serviceId, serviceId))
      .orderBy(asc(serviceTariffHistory.id));
    expect(history.map((h) => [h.tariffId, h.validTo === null])).toEqual([
      [tel1.id, false],
      [tel2.id, true],
    ]);
  });

  it("suspend, resume and disconnect change the status; finished orders cannot move", async () => {
    const run = async (kind: string) => {
      const o = await call(
        t.app,
        "POST",
        "/v1/orders",
        { kind, account_id: co.accounts[0]!.id, service_id: serviceId },
        {
          token: buh,
        },
      );
      expect(o.status).toBe(201);
      expect((await transition(o.body.id, { status: "done" })).status).toBe(200);
      return o.body.id as string;
    };
    await run("suspend");
    expect(
      (await call(t.app, "GET", `/v1/services/${serviceId}`, undefined, { token: buh })).body.status,
    ).toBe("suspended");
    await run("resume");
    const last = await run("disconnect");
    const s = await call(t.app, "GET", `/v1/services/${serviceId}`, undefined, { token: buh });
    expect(s.body.status).toBe("disconnected");
    expect(s.body.disconnected_at).not.toBeNull();
    const moved = await transition(last, { status: "rejected" });
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe("invalid_transition");
    // The statuses in words, never the codes.
    expect(moved.body.detail).toBe("An order that is done cannot become rejected");
  });

  it("cancel while new; then 409", async () => {
    const o = await call(
      t.app,
      "POST",
      "/v1/orders",
      { kind: "connect", account_id: co.accounts[2]!.id, tariff_id: tel1.id },
      {
        token: buh,
      },
    );
    const c1 = await call(t.app, "POST", `/v1/orders/${o.body.id}/cancel`, undefined, { token: buh });
    expect(c1.body.status).toBe("cancelled");
    const again = await call(t.app, "POST", `/v1/orders/${o.body.id}/cancel`, undefined, {
      token: buh,
      lang: "ru",
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe("Заявку нельзя отменить: она уже отменена");
  });

  it("lists with filters and keyset pages", async () => {
    const all = await call(t.app, "GET", "/v1/orders?limit=2", undefined, { token: viewer });
    expect(all.body.data).toHaveLength(2);
    const next = await call(t.app, "GET", `/v1/orders?limit=100&cursor=${all.body.next_cursor}`, undefined, {
      token: viewer,
    });
    expect(next.body.data.length).toBeGreaterThan(0);
    const done = await call(t.app, "GET", "/v1/orders?status=done&kind=connect", undefined, {
      token: viewer,
    });
    expect(done.body.data).toHaveLength(1);
    const op = await call(
      t.app,
      "GET",
      `/v1/operator/orders?company_id=${co.id}&status=cancelled`,
      undefined,
      operator,
    );
    expect(op.body.data).toHaveLength(1);
  });

  it("validates by kind, naming the field", async () => {
    const r1 = await call(
      t.app,
      "POST",
      "/v1/orders",
      { kind: "connect", account_id: co.accounts[0]!.id },
      { token: buh },
    );
    expect(r1.status).toBe(400);
    expect(r1.body.errors[0].field).toBe("tariff_id");
    const r2 = await call(
      t.app,
      "POST",
      "/v1/orders",
      { kind: "suspend", account_id: co.accounts[0]!.id },
      { token: buh },
    );
    expect(r2.body.errors[0].field).toBe("service_id");
    const r3 = await call(
      t.app,
      "POST",
      "/v1/orders",
      { kind: "reboot", account_id: co.accounts[0]!.id },
      { token: buh },
    );
    expect(r3.body.errors[0].field).toBe("kind");
    const r4 = await transition(co.accounts[0]!.id, { status: "finished" });
    expect(r4.status).toBe(400);
    expect(r4.body.errors[0].field).toBe("status");
  });

  it("guards: no token 401, other company 404, viewer 403, non-operator 403", async () => {
    const body = { kind: "connect", account_id: co.accounts[0]!.id, tariff_id: tel1.id };
    expect((await call(t.app, "POST", "/v1/orders", body)).status).toBe(401);
    expect((await call(t.app, "POST", "/v1/orders", body, { token: otherAdmin })).status).toBe(404);
    expect((await call(t.app, "POST", "/v1/orders", body, { token: viewer })).status).toBe(403);
    const mine = await call(t.app, "GET", "/v1/orders", undefined, { token: buh });
    const id = mine.body.data[0].id;
    expect((await call(t.app, "GET", `/v1/orders/${id}`, undefined, { token: otherAdmin })).status).toBe(404);
    expect(
      (await call(t.app, "POST", `/v1/orders/${id}/cancel`, undefined, { token: otherAdmin })).status,
    ).toBe(404);
    expect((await call(t.app, "POST", `/v1/orders/${id}/cancel`, undefined, { token: viewer })).status).toBe(
      403,
    );
    expect((await call(t.app, "GET", "/v1/orders")).status).toBe(401);
    expect(
      (await call(t.app, "POST", `/v1/operator/orders/${id}/transition`, { status: "done" }, { token: buh }))
        .status,
    ).toBe(403);
    expect((await call(t.app, "GET", "/v1/operator/orders")).status).toBe(401);
  });
});

describe("GET /v1/tariffs", () => {
  it("lists the catalogue with rates for signed-in users only", async () => {
    const r = await call(t.app, "GET", "/v1/tariffs?kind=telephony&limit=1000", undefined, { token: viewer });
    expect(r.status).toBe(200);
    const mine = r.body.data.find((x: { id: string }) => x.id === tel1.id);
    expect(mine.rates).toEqual([{ destination_type: "local", per_minute_amount: 150, currency: "RUB" }]);
    expect((await call(t.app, "GET", "/v1/tariffs")).status).toBe(401);
    const bad = await call(t.app, "GET", "/v1/tariffs?kind=radio", undefined, { token: viewer });
    expect(bad.body.errors[0].field).toBe("query.kind");
  });
});
