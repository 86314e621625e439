import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index";
import { json, startServer, type TestServer } from "./helpers/server";

const TOTAL = 5_432;
let srv: TestServer;

beforeAll(async () => {
  // Keyset paging like the API's: the cursor is the last id seen, opaque to the client.
  srv = await startServer({
    "GET /v1/calls": (q, res) => {
      const limit = Math.min(Number(q.url.searchParams.get("limit") ?? 50), 1000);
      const after = Number(q.url.searchParams.get("cursor") ?? 0);
      const end = Math.min(after + limit, TOTAL);
      const data = [];
      for (let id = after + 1; id <= end; id++)
        data.push({ id: String(id), account_id: q.url.searchParams.get("account_id") });
      json(res, 200, { data, next_cursor: end < TOTAL ? String(end) : null });
    },
  });
});
afterAll(() => srv.close());

describe("pagination", () => {
  const lk = () => createClient({ baseUrl: srv.url });

  it("iterates every row over thousands, sending the filter with each page", async () => {
    const before = srv.seen.length;
    let n = 0;
    let last = 0;
    for await (const call of lk().calls.list({ limit: 1000, account_id: "acc_1" })) {
      n++;
      expect(Number(call.id)).toBe(last + 1);
      expect(call["account_id"]).toBe("acc_1");
      last = Number(call.id);
    }
    expect(n).toBe(TOTAL);
    const requests = srv.seen.slice(before);
    expect(requests).toHaveLength(6);
    expect(requests.every((r) => r.url.searchParams.get("account_id") === "acc_1")).toBe(true);
  });

  it("pages by hand", async () => {
    let page = await lk().calls.list({ limit: 2000 }).firstPage();
    const sizes = [page.data.length];
    while (page.hasMore) {
      const next = await page.next();
      if (!next) break;
      page = next;
      sizes.push(page.data.length);
    }
    expect(sizes).toEqual([1000, 1000, 1000, 1000, 1000, 432]);
    expect(page.nextCursor).toBeNull();
    await expect(page.next()).resolves.toBeNull();
  });

  it("yields pages and stops fetching at toArray's max", async () => {
    let pages = 0;
    for await (const p of lk().calls.list({ limit: 500 }).pages()) pages += p.data.length > 0 ? 1 : 0;
    expect(pages).toBe(11);
    const before = srv.seen.length;
    const some = await lk().calls.list({ limit: 100 }).toArray({ max: 150 });
    expect(some.map((c) => c.id).slice(-1)).toEqual(["150"]);
    expect(srv.seen.length - before).toBe(2);
  });

  it("fetches nothing until iterated", async () => {
    const before = srv.seen.length;
    lk().calls.list();
    expect(srv.seen.length).toBe(before);
  });
});
