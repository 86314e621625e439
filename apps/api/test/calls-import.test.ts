import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPhoneLines, csv } from "../../../packages/core/test/calls-fixtures";
import { call, createTestApp, operator, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let lines: Awaited<ReturnType<typeof addPhoneLines>>;
const HEADER = ["started_at", "duration_sec", "direction", "caller", "callee", "destination_type"];

const post = (body: string, headers: Record<string, string> = operator.headers) =>
  call(t.app, "POST", "/v1/operator/calls/import", undefined, {
    rawBody: body,
    headers: { ...headers, "content-type": "text/csv" },
  });

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  lines = await addPhoneLines(t.conn, co, "per_second");
});
afterAll(() => t.close());

describe("POST /v1/operator/calls/import", () => {
  it("takes a file past the 2 MB JSON body limit: the route streams the body line by line", async () => {
    const n = lines[0]!.number;
    // ~3 MB of rows (unknown caller numbers: bad rows, cheap) and one good row at the very end.
    const bad = "2025-06-07T10:00:00Z,60,outgoing,12,+74951234567,\n".repeat(60_000);
    const body = `${HEADER.join(",")}\n${bad}2025-06-07T11:00:00Z,60,outgoing,${n},+74951234567,\n`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(2.8 * 1024 * 1024);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rows_read: 60_001,
      inserted: 1,
      bad_rows: 60_000,
      errors_truncated: true,
    });
  });

  it("loads good rows, lists bad ones by line, and skips duplicates on a second run", async () => {
    const n = lines[0]!.number;
    const body = csv([
      HEADER,
      ["2025-05-05T10:00:00Z", 90, "outgoing", n, "+74951234567", ""],
      ["2025-05-05T10:05:00Z", 30, "outgoing", n, "+74951234567", "international"],
      ["2025-05-05T10:06:00Z", -3, "outgoing", n, "+74951234567", ""],
      ["2025-05-05T10:07:00Z", 30, "outgoing", "12", "+74951234567", ""],
      ["2025-05-05T10:08:00Z", 30, "outgoing", n, "+74951234567", "space"],
    ]);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rows_read: 5,
      inserted: 2,
      duplicates: 0,
      bad_rows: 3,
      errors_truncated: false,
    });
    expect(res.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [4, "invalid_duration"],
      [5, "invalid_caller"],
      [6, "invalid_destination_type"],
    ]);
    // per-second tariff: 90 s × 150 kop/min = 225; the declared type wins over the number's
    const again = await post(body);
    expect(again.body).toMatchObject({ inserted: 0, duplicates: 2, bad_rows: 3 });
    const admin = await signIn(t.app, co.admin.login, co.admin.password);
    const list = await call(t.app, "GET", "/v1/calls?period=2025-05", undefined, { token: admin });
    expect(list.body.data.map((c: { cost_amount: number }) => c.cost_amount)).toEqual([225, 1250]);
  });

  it("answers a file without the required columns with 400", async () => {
    const res = await post("when;who\n1;2\n");
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: "body", code: "invalid_header" });
    expect((await post("")).status).toBe(400);
  });

  it("is for the operator only: 401 without credentials, 403 for a company user", async () => {
    expect((await post(csv([HEADER]), {})).status).toBe(401);
    const viewer = await signIn(t.app, co.viewer.login, co.viewer.password);
    const res = await post(csv([HEADER]), { authorization: `Bearer ${viewer}` });
    expect(res.status).toBe(403);
  });
});
