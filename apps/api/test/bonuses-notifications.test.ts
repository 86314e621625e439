import { randomUUID } from "node:crypto";
import { type NotificationKind, notify } from "@lk/core";
import { grantTestBonus, makeCompany, restrictUser, type TestCompany } from "@lk/core/testing";
import { outboxMessages } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let admin: string;
let accountant: string;
let viewer: string;
let otherAdmin: string;
let readOnlyKey: string;

const get = (path: string, token?: string) => call(t.app, "GET", path, undefined, token ? { token } : {});
const send = (method: string, path: string, body: unknown, token?: string) =>
  call(t.app, method, path, body, token ? { token } : {});

/** A notice through the producers' own entry point, in a transaction of its own. */
const notice = (c: TestCompany, kind: NotificationKind, tag: string, accountId?: string) =>
  t.conn.db.transaction((tx) =>
    notify(tx, {
      companyId: c.id,
      kind,
      title: { ru: `Заголовок ${tag}`, en: `Title ${tag}` },
      body: { ru: `Текст ${tag}`, en: `Body ${tag}` },
      data: { tag },
      dedupeKey: `test:${tag}`,
      ...(accountId ? { accountId } : {}),
      now: t.clock(),
    }),
  );
const bonus = (c: TestCompany, amount: number, description: string) =>
  grantTestBonus(t.conn.db, c.id, amount, t.clock(), description);

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn, { accountsPerGroup: 1 });
  other = await makeCompany(t.conn, { accountsPerGroup: 1 });
  [admin, accountant, viewer, otherAdmin] = await Promise.all([
    signIn(t.app, co.admin.login, co.admin.password),
    signIn(t.app, co.accountant.login, co.accountant.password),
    signIn(t.app, co.viewer.login, co.viewer.password),
    signIn(t.app, other.admin.login, other.admin.password),
  ]);
  const key = await send("POST", "/v1/api-keys", { name: "calls only", scopes: ["calls:read"] }, admin);
  expect(key.status).toBe(201);
  readOnlyKey = key.body.key;
});
afterAll(() => t.close());

describe("GET /v1/bonuses", () => {
  it("shows the balance and the history newest first, page by page", async () => {
    const empty = await get("/v1/bonuses", viewer);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ balance: 0, currency: "RUB", data: [], next_cursor: null });
    await bonus(co, 300_00, "first");
    t.clock.advance(1000);
    await bonus(co, -100_00, "second");
    t.clock.advance(1000);
    await bonus(co, 50_00, "third");
    await bonus(other, 999_00, "theirs");

    const all = await get("/v1/bonuses", viewer);
    expect(all.body.balance).toBe(250_00);
    expect(all.body.data.map((e: { description: string }) => e.description)).toEqual([
      "third",
      "second",
      "first",
    ]);
    expect(all.body.data[1]).toMatchObject({ kind: "adjustment", amount: -100_00, balance_after: 200_00 });

    const first = await get("/v1/bonuses?limit=2", viewer);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const rest = await get(`/v1/bonuses?limit=2&cursor=${first.body.next_cursor}`, viewer);
    expect(rest.body.data.map((e: { description: string }) => e.description)).toEqual(["first"]);
    expect(rest.body.next_cursor).toBeNull();

    expect((await get("/v1/bonuses", otherAdmin)).body.balance).toBe(999_00);
  });

  it("401 without a token, 403 for a key without accounts:read, 400 for bad paging", async () => {
    expect((await get("/v1/bonuses")).status).toBe(401);
    expect((await get("/v1/bonuses", readOnlyKey)).status).toBe(403);
    const badCursor = await get("/v1/bonuses?cursor=zzz", viewer);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].field).toBe("query.cursor");
    const badLimit = await get("/v1/bonuses?limit=5000", viewer);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors[0].field).toBe("query.limit");
  });
});

describe("/v1/notifications", () => {
  it("lists my notices newest first, filters unread, marks some or all read", async () => {
    await notice(co, "low_balance", "n1");
    t.clock.advance(1000);
    await notice(co, "invoice_issued", "n2");
    t.clock.advance(1000);
    await notice(co, "payment_received", "n3");
    await notice(co, "payment_received", "n3"); // the same dedupe key: one notice
    await notice(other, "payment_received", "theirs");

    const list = await get("/v1/notifications", accountant);
    expect(list.status).toBe(200);
    expect(list.body.data.map((n: { data: { tag: string } }) => n.data.tag)).toEqual(["n3", "n2", "n1"]);
    expect(list.body.data[0]).toMatchObject({
      kind: "payment_received",
      title: "Title n3",
      body: "Body n3",
      read_at: null,
    });
    const ru = await call(t.app, "GET", "/v1/notifications?limit=1", undefined, {
      token: accountant,
      lang: "ru",
    });
    expect(ru.body.data[0].title).toBe("Заголовок n3");
    expect(ru.body.next_cursor).toEqual(expect.any(String));
    const page2 = await get(`/v1/notifications?limit=1&cursor=${ru.body.next_cursor}`, accountant);
    expect(page2.body.data[0].data.tag).toBe("n2");

    const theirs = (await get("/v1/notifications", otherAdmin)).body.data[0].id as string;
    const marked = await send(
      "POST",
      "/v1/notifications/read",
      { ids: [list.body.data[0].id, theirs, randomUUID()] },
      accountant,
    );
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ updated: 1 });
    const unread = await get("/v1/notifications?unread=true", accountant);
    expect(unread.body.data.map((n: { data: { tag: string } }) => n.data.tag)).toEqual(["n2", "n1"]);
    expect((await get("/v1/notifications?unread=true", otherAdmin)).body.data).toHaveLength(1);
    // Reading mine marks nothing of my colleagues'.
    expect((await get("/v1/notifications?unread=true", viewer)).body.data).toHaveLength(3);

    expect((await send("POST", "/v1/notifications/read", {}, accountant)).body).toEqual({ updated: 2 });
    expect((await get("/v1/notifications?unread=true", accountant)).body.data).toEqual([]);
    expect((await get("/v1/notifications?unread=false", accountant)).body.data).toHaveLength(3);
  });

  it("a user limited to some groups hears only about their accounts", async () => {
    const [inside, outside] = [co.accounts[0]!, co.accounts[1]!];
    await restrictUser(t.conn, co.viewer.id, [inside.groupId!]);
    const token = await signIn(t.app, co.viewer.login, co.viewer.password);
    t.clock.advance(1000);
    await notice(co, "low_balance", "inside", inside.id);
    await notice(co, "low_balance", "outside", outside.id);
    const tags = (await get("/v1/notifications?limit=2", token)).body.data.map(
      (n: { data: { tag: string } }) => n.data.tag,
    );
    expect(tags).toEqual(["inside", "n3"]);
    const admins = (await get("/v1/notifications?limit=2", admin)).body.data.map(
      (n: { data: { tag: string } }) => n.data.tag,
    );
    expect(admins.sort()).toEqual(["inside", "outside"]);
  });

  it("401 without a token, 403 for an API key, 400 naming the field", async () => {
    expect((await get("/v1/notifications")).status).toBe(401);
    expect((await send("POST", "/v1/notifications/read", {})).status).toBe(401);
    expect((await get("/v1/notifications", readOnlyKey)).status).toBe(403);
    expect((await send("POST", "/v1/notifications/read", {}, readOnlyKey)).status).toBe(403);
    const badIds = await send("POST", "/v1/notifications/read", { ids: ["nope"] }, accountant);
    expect(badIds.status).toBe(400);
    expect(badIds.body.errors[0].field).toBe("ids.0");
    const badFilter = await get("/v1/notifications?unread=maybe", accountant);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors[0].field).toBe("query.unread");
  });
});

describe("/v1/notification-preferences", () => {
  it("every kind on both channels by default; a change is mine alone and is obeyed", async () => {
    const defaults = await get("/v1/notification-preferences", accountant);
    expect(defaults.status).toBe(200);
    expect(defaults.body.data).toContainEqual({ kind: "low_balance", in_app: true, email: true });
    expect(defaults.body.data.every((p: { in_app: boolean; email: boolean }) => p.in_app && p.email)).toBe(
      true,
    );

    const put = await send(
      "PUT",
      "/v1/notification-preferences",
      {
        preferences: [
          { kind: "low_balance", in_app: false, email: false },
          { kind: "invoice_issued", in_app: true, email: false },
        ],
      },
      accountant,
    );
    expect(put.status).toBe(200);
    expect(put.body.data).toContainEqual({ kind: "low_balance", in_app: false, email: false });
    expect(put.body.data).toContainEqual({ kind: "invoice_issued", in_app: true, email: false });
    expect(put.body.data).toContainEqual({ kind: "payment_received", in_app: true, email: true });
    expect((await get("/v1/notification-preferences", accountant)).body).toEqual(put.body);
    expect((await get("/v1/notification-preferences", admin)).body).toEqual(defaults.body);

    await notice(co, "low_balance", "pref-low");
    await notice(co, "invoice_issued", "pref-invoice");
    const mine = (await get("/v1/notifications?limit=5", accountant)).body.data.map(
      (n: { data: { tag: string } }) => n.data.tag,
    );
    expect(mine).toContain("pref-invoice");
    expect(mine).not.toContain("pref-low");
    const mail = await t.conn.db
      .select({ body: outboxMessages.body, recipient: outboxMessages.recipient })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.companyId, co.id), eq(outboxMessages.kind, "notice_invoice_issued")));
    expect(
      mail
        .filter((m) => m.body.includes("pref-invoice"))
        .map((m) => m.recipient)
        .sort(),
    ).toEqual([`${co.admin.login}@example.test`, `${co.viewer.login}@example.test`].sort());
  });

  it("401 without a token, 403 for an API key, 400 naming the field", async () => {
    const body = { preferences: [{ kind: "low_balance", in_app: true, email: true }] };
    expect((await get("/v1/notification-preferences")).status).toBe(401);
    expect((await send("PUT", "/v1/notification-preferences", body)).status).toBe(401);
    expect((await send("PUT", "/v1/notification-preferences", body, readOnlyKey)).status).toBe(403);
    const cases: [unknown, string][] = [
      [{ preferences: [{ kind: "spam", in_app: true, email: true }] }, "preferences.0.kind"],
      [{ preferences: [{ kind: "low_balance", in_app: "yes", email: true }] }, "preferences.0.in_app"],
      [{ preferences: [] }, "preferences"],
    ];
    for (const [b, field] of cases) {
      const res = await send("PUT", "/v1/notification-preferences", b, viewer);
      expect(res.status, field).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    }
  });
});
