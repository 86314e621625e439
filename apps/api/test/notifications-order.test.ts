import { randomUUID } from "node:crypto";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { notifications } from "@lk/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

// Notifications newest first, and notices of one instant (a billing run writes several at once) in
// a stable order — the one written last first — never by their random ids; keyset pages walk the
// same order with no notice twice or missing.

let t: TestApp;
let co: TestCompany;
let token: string;
const written: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  const run = new Date("2026-12-01T06:00:00.000Z");
  const later = new Date("2026-12-03T09:15:00.000Z");
  const add = async (title: string, at: Date) => {
    written.push(title);
    await t.conn.db.insert(notifications).values({
      // Ids out of order on purpose: descending for notices written in ascending order.
      id: `${String(99 - written.length).padStart(8, "0")}-${randomUUID().slice(9)}`,
      companyId: co.id,
      userId: co.accountant.id,
      kind: "invoice_issued",
      titleRu: title,
      titleEn: title,
      bodyRu: "—",
      bodyEn: "—",
      dedupeKey: `order-test:${title}`,
      createdAt: at,
    });
  };
  // One billing run of three months (same instant), then a later notice, then one more of the run's instant.
  for (const p of ["2026-09", "2026-10", "2026-11"]) await add(p, run);
  await add("later", later);
  await add("2026-11 again", run);
  token = await signIn(t.app, co.accountant.login, co.accountant.password);
});
afterAll(() => t.close());

const expected = ["later", "2026-11 again", "2026-11", "2026-10", "2026-09"];

it("lists newest first and, within one instant, the notice written last first", async () => {
  const r = await call(t.app, "GET", "/v1/notifications?limit=50", undefined, { token });
  expect(r.status).toBe(200);
  expect(r.body.data.map((n: { title: string }) => n.title)).toEqual(expected);
});

it("walks the same order page by page, whatever the page size", async () => {
  for (const limit of [1, 2, 3]) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const r = await call(t.app, "GET", `/v1/notifications?limit=${limit}${q}`, undefined, { token });
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((n: { title: string }) => n.title));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen, `limit ${limit}`).toEqual(expected);
  }
});

it("refuses a cursor it did not make, naming the field", async () => {
  const bad = Buffer.from(JSON.stringify({ t: "2026-12-01T06:00:00.000Z", id: randomUUID() })).toString(
    "base64url",
  );
  const r = await call(t.app, "GET", `/v1/notifications?cursor=${bad}`, undefined, { token });
  expect(r.status).toBe(400);
  expect(r.body.errors[0].field).toBe("query.cursor");
});
