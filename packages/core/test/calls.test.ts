import { type Connection, rows } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callStats, callsSummary, exportCalls, importCalls, listCalls } from "../src/calls/index";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";
import { addPhoneLines, chunks, csv, operatorCtx, userCtx } from "./calls-fixtures";

let conn: Connection;
let co: TestCompany;
let other: TestCompany;
let lines: Awaited<ReturnType<typeof addPhoneLines>>;
let otherLines: Awaited<ReturnType<typeof addPhoneLines>>;
const HEADER = ["record_id", "started_at", "duration_sec", "direction", "caller", "callee"];
const PERIOD = "2025-03";

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}
const importText = (text: string) =>
  importCalls({ ctx: operatorCtx(conn), input: { source: chunks(text, 37) } });

beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn);
  other = await makeCompany(conn);
  lines = await addPhoneLines(conn, co);
  otherLines = await addPhoneLines(conn, other);
});
afterAll(() => conn.close());

describe("calls table", () => {
  it("keeps company_id in every primary and unique key (ready for Citus distribution)", async () => {
    const keys = await rows<{ rel: string; name: string; cols: string[] | string }>(
      conn.db,
      sql`SELECT c.conrelid::regclass::text AS rel, c.conname AS name,
            array_agg(a.attname::text ORDER BY a.attname) AS cols
          FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
          WHERE c.contype IN ('p', 'u')
            AND (c.conrelid = 'calls'::regclass OR c.conrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'calls'::regclass)
                 OR c.conrelid = 'traffic_daily'::regclass)
          GROUP BY 1, 2`,
    );
    const uniqueIndexes = await rows<{ idx: string; has_company: boolean }>(
      conn.db,
      sql`SELECT i.indexrelid::regclass::text AS idx,
            EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attname = 'company_id' AND a.attnum = ANY(i.indkey)) AS has_company
          FROM pg_index i WHERE i.indisunique AND i.indrelid = 'calls'::regclass`,
    );
    expect(keys.filter((k) => k.rel === "calls").length).toBe(2);
    expect(keys.length).toBeGreaterThan(3);
    for (const k of keys) {
      const cols = Array.isArray(k.cols) ? k.cols : k.cols.replace(/[{}]/g, "").split(",");
      expect(cols, `${k.rel}.${k.name}`).toContain("company_id");
      if (k.rel.startsWith("calls")) expect(cols, `${k.rel}.${k.name}`).toContain("started_at");
    }
    expect(uniqueIndexes.length).toBe(2);
    for (const u of uniqueIndexes) expect(u.has_company, u.idx).toBe(true);
  });
});

describe("import", () => {
  it("loads good rows, rates them, and reports bad rows by line", async () => {
    const [a, b] = lines;
    const text = csv([
      HEADER,
      ["r1", "2025-03-03T09:00:00Z", 61, "outgoing", a!.number, "+74951112233"], // local, 2 min × 150
      ["r2", "2025-03-03 10:00:00", 30, "outgoing", a!.number, "89161234567"], // mobile 8… → +7916…
      ["r3", "03.03.2025 11:00:00", 100, "incoming", "+79161234567", b!.number], // incoming: free
      ["r4", "not a date", 10, "outgoing", a!.number, "+74951112233"],
      ["r5", "2025-03-03T12:00:00Z", 10, "sideways", a!.number, "+74951112233"],
      ["r6", "2025-03-03T12:00:00Z", 10, "outgoing", "+74950000000", "+74951112233"], // nobody's line
      ["r7", "2022-01-15T12:00:00+03:00", 125, "outgoing", a!.number, "+4930123456"], // old month: new partition
    ]);
    const report = await importText(text);
    expect(report).toMatchObject({ rows_read: 7, inserted: 4, duplicates: 0, bad_rows: 3 });
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [5, "invalid_started_at"],
      [6, "invalid_direction"],
      [7, "unknown_number"],
    ]);
    const got = await rows<{
      record_key: string;
      cost: string;
      destination_type: string;
      callee: string;
      billable_sec: number;
    }>(
      conn.db,
      sql`SELECT record_key, cost, destination_type, callee, billable_sec FROM calls WHERE company_id = ${co.id} ORDER BY record_key`,
    );
    expect(got.map((r) => [r.record_key, Number(r.cost), r.destination_type])).toEqual([
      ["r1", 300, "local"],
      ["r2", 250, "mobile"],
      ["r3", 0, "mobile"],
      ["r7", 3 * 2500, "international"],
    ]);
    expect(got[1]!.callee).toBe("+79161234567");
    const [part] = await rows<{ part: string }>(
      conn.db,
      sql`SELECT tableoid::regclass::text AS part FROM calls WHERE record_key = 'r7' AND company_id = ${co.id}`,
    );
    expect(part!.part).toBe("calls_2022_01");
  });

  it("counts duplicates within one file and across imports once", async () => {
    const [a] = lines;
    const row = ["", "2025-03-04T09:00:00Z", 20, "outgoing", a!.number, "+74951112244"]; // no record id: hashed key
    const first = await importText(
      csv([HEADER, row, row, ["d2", "2025-03-04T09:05:00Z", 5, "out", a!.number, "+74951112255"]], ","),
    );
    expect(first).toMatchObject({ rows_read: 3, inserted: 2, duplicates: 1, bad_rows: 0 });
    const again = await importText(
      csv([HEADER, row, ["d2", "2025-03-04T09:05:00Z", 5, "out", a!.number, "+74951112255"]], "\t"),
    );
    expect(again).toMatchObject({ rows_read: 2, inserted: 0, duplicates: 2, bad_rows: 0 });
  });

  it("loads fresh and already-loaded batches of one file alike, each row once", async () => {
    const [, b] = lines;
    const row = (i: number) => [
      `mb-${i}`,
      `2025-03-06T08:${String(i).padStart(2, "0")}:00Z`,
      30,
      "out",
      b!.number,
      "+74951112266",
    ];
    const loaded = await importText(csv([HEADER, row(3), row(4), row(5)]));
    expect(loaded).toMatchObject({ inserted: 3, duplicates: 0 });
    // Batches of three: fresh (COPY straight in), all loaded before (redone through staging), then
    // one fresh after a batch with duplicates, then a batch with a repeat inside it.
    const report = await importCalls({
      ctx: operatorCtx(conn),
      input: {
        source: chunks(csv([HEADER, ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9].map(row)]), 41),
        batchRows: 3,
      },
    });
    expect(report).toMatchObject({ rows_read: 12, inserted: 8, duplicates: 4, bad_rows: 0 });
    const keys = await rows<{ record_key: string; n: number }>(
      conn.db,
      sql`SELECT record_key, count(*)::int AS n FROM calls WHERE record_key LIKE 'mb-%' GROUP BY 1 ORDER BY 1`,
    );
    expect(keys.map((k) => k.record_key).sort()).toEqual(
      Array.from({ length: 11 }, (_, i) => `mb-${i}`).sort(),
    );
    expect(keys.every((k) => k.n === 1)).toBe(true);
  });

  it("prices each call by the tariff the service was on that day", async () => {
    // A company of its own, so the other tests' totals stay as they are.
    const co3 = await makeCompany(conn);
    const [line] = await addPhoneLines(conn, co3); // per-minute tariff, local 150 kopecks a minute
    const [svc] = await rows<{ tariff_id: string }>(
      conn.db,
      sql`SELECT tariff_id FROM services WHERE id = ${line!.serviceId}`,
    );
    const [dear] = await rows<{ id: string }>(
      conn.db,
      sql`INSERT INTO tariffs (code, name, kind, rounding) VALUES (${`dear-${line!.serviceId}`}, 'Дорогой', 'telephony', 'per_second') RETURNING id`,
    );
    await rows(
      conn.db,
      sql`INSERT INTO tariff_rates (tariff_id, destination_type, per_minute) VALUES (${dear!.id}, 'local', 600)`,
    );
    // The tariff changed on 2025-03-15 (the current tariff stays on `services` as the newest one).
    await rows(
      conn.db,
      sql`INSERT INTO service_tariff_history (company_id, service_id, tariff_id, status, valid_from, valid_to) VALUES
        (${co3.id}, ${line!.serviceId}, ${svc!.tariff_id}, 'active', '2020-01-01', '2025-03-15'),
        (${co3.id}, ${line!.serviceId}, ${dear!.id}, 'active', '2025-03-15', NULL)`,
    );
    const report = await importText(
      csv([
        HEADER,
        ["h1", "2025-03-14T23:59:00Z", 90, "outgoing", line!.number, "+74951112233"], // old: 2 started minutes × 150
        ["h2", "2025-03-15T00:01:00Z", 90, "outgoing", line!.number, "+74951112233"], // new: 90 s at 600 a minute
      ]),
    );
    expect(report).toMatchObject({ inserted: 2, bad_rows: 0 });
    const got = await rows<{ record_key: string; cost: string; billable_sec: number }>(
      conn.db,
      sql`SELECT record_key, cost, billable_sec FROM calls WHERE company_id = ${co3.id} ORDER BY record_key`,
    );
    expect(got.map((r) => [r.record_key, Number(r.cost), r.billable_sec])).toEqual([
      ["h1", 300, 120],
      ["h2", 900, 90],
    ]);
  });

  it("rejects a file without the required columns as a whole", async () => {
    await expect(importText("foo;bar\n1;2\n")).rejects.toMatchObject({
      status: 400,
      code: "validation_failed",
    });
  });

  it("is for operators only", async () => {
    await expect(
      importCalls({ ctx: userCtx(conn, co), input: { source: chunks(csv([HEADER])) } }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe("group restriction", () => {
  beforeAll(async () => {
    // Two calls on every line of both companies in the period.
    const all = [...lines, ...otherLines];
    const body = all.flatMap((l, i) => [
      [`g${i}a`, `2025-03-10T0${i % 9}:00:00Z`, 60, "outgoing", l.number, "+78121234567"],
      [`g${i}b`, `2025-03-11T0${i % 9}:00:00Z`, 120, "outgoing", l.number, "+79991234567"],
    ]);
    const report = await importText(csv([HEADER, ...body]));
    expect(report.inserted).toBe(all.length * 2);
  });

  it("a user limited to one group sees only its calls in lists, totals, statistics and exports", async () => {
    const moscow = co.groups.find((g) => g.name === "Москва")!;
    const mine = new Set(lines.filter((l) => l.groupId === moscow.id).map((l) => l.number));
    const ctx = userCtx(conn, co, [moscow.id]);
    const input = { period: PERIOD };

    const list = await listCalls({ ctx, input: { ...input, limit: 1000 } });
    expect(list.data.length).toBeGreaterThan(0);
    for (const c of list.data) expect(mine.has(c.direction === "outgoing" ? c.caller : c.callee)).toBe(true);

    const summary = await callsSummary({ ctx, input });
    expect(summary.count).toBe(list.data.length);
    const everyone = await callsSummary({ ctx: userCtx(conn, co), input });
    expect(everyone.count).toBeGreaterThan(summary.count);

    const byType = await callStats({ ctx, input: { ...input, by: "destination_type" } });
    expect(byType.data.reduce((s, r) => s + r.count, 0)).toBe(summary.count);
    const top = await callStats({ ctx, input: { ...input, by: "top_numbers", top: 100 } });
    expect(top.data.reduce((s, r) => s + r.count, 0)).toBe(summary.count);

    const file = await exportCalls({ ctx, input: { ...input, format: "csv" } });
    const text = (await collect(file.body)).toString("utf8");
    const dataLines = text.trim().split("\r\n").slice(1);
    expect(dataLines.length).toBe(summary.count);
    for (const l of dataLines) {
      const f = l.split(";");
      expect(mine.has(f[2] === "Исходящий" ? f[3]! : f[4]!)).toBe(true);
    }

    // Kazan is a subgroup of Regions: limited to Kazan means no Moscow accounts and no Regions ones.
    const kazan = co.groups.find((g) => g.name === "Казань")!;
    await expect(
      listCalls({
        ctx: userCtx(conn, co, [kazan.id]),
        input: { ...input, limit: 10, account_id: lines[0]!.accountId },
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("another company's account or group is not found", async () => {
    const ctx = userCtx(conn, co);
    await expect(
      listCalls({ ctx, input: { period: PERIOD, limit: 10, account_id: other.accounts[0]!.id } }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      callsSummary({ ctx, input: { period: PERIOD, group_id: other.groups[0]!.id } }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("pagination", () => {
  it("walks every record once, in order, while new records are inserted", async () => {
    const l = lines[5]!;
    const base = Date.parse("2025-03-20T08:00:00Z");
    const at = (min: number) => new Date(base + min * 60_000).toISOString();
    const initial = Array.from({ length: 23 }, (_, i) => [
      `p${i}`,
      at(i * 10),
      30,
      "outgoing",
      l.number,
      "+74951234567",
    ]);
    await importText(csv([HEADER, ...initial]));
    const ctx = userCtx(conn, co);
    const input = {
      from: "2025-03-20T00:00:00Z",
      to: "2025-03-21T00:00:00Z",
      account_id: l.accountId,
      limit: 5,
    };
    const seen: { id: string; started_at: string }[] = [];
    let cursor: string | undefined;
    let extra = 0;
    do {
      const page = await listCalls({ ctx, input: { ...input, ...(cursor ? { cursor } : {}) } });
      seen.push(...page.data);
      cursor = page.next_cursor ?? undefined;
      // A record before the cursor (already passed) and one after it arrive between pages.
      extra++;
      await importText(
        csv([
          HEADER,
          [`late${extra}`, at(-5 - extra), 30, "outgoing", l.number, "+74951234567"],
          [`new${extra}`, at(400 + extra), 30, "outgoing", l.number, "+74951234567"],
        ]),
      );
    } while (cursor);
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = seen.map((s) => `${s.started_at}|${s.id.padStart(12, "0")}`);
    expect(keys).toEqual([...keys].sort());
    const initialTimes = new Set(initial.map((r) => String(r[1])));
    expect(seen.filter((s) => initialTimes.has(s.started_at)).length).toBe(23);
  });
});

describe("pagination with sub-millisecond times", () => {
  it("returns each record once when start times differ only in microseconds", async () => {
    // Records loaded by other means than our import may carry microseconds; the cursor keeps them.
    const l = lines[5]!;
    for (const [key, at] of [
      ["us1", "2025-03-22 10:00:00.123456+00"],
      ["us2", "2025-03-22 10:00:00.123789+00"],
      ["us3", "2025-03-22 10:00:00.124+00"],
    ]) {
      await conn.db.execute(
        sql`INSERT INTO calls (company_id, account_id, record_key, started_at, duration_sec, direction, caller, callee, destination_type)
            VALUES (${co.id}, ${l.accountId}, ${key}, ${at}::timestamptz, 10, 'outgoing', ${l.number}, '+74951234567', 'local')`,
      );
    }
    const ctx = userCtx(conn, co);
    const input = {
      from: "2025-03-22T00:00:00Z",
      to: "2025-03-23T00:00:00Z",
      account_id: l.accountId,
      limit: 1,
    };
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCalls({ ctx, input: { ...input, ...(cursor ? { cursor } : {}) } });
      ids.push(...page.data.map((c) => c.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor && ids.length < 10);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});

describe("export", () => {
  it("writes Russian-Excel CSV and a valid XLSX", async () => {
    const ctx = userCtx(conn, co);
    const input = { period: PERIOD, account_id: lines[0]!.accountId };
    const file = await exportCalls({ ctx, input: { ...input, format: "csv" } });
    expect(file.filename).toBe("calls-2025-03.csv");
    const buf = await collect(file.body);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString("utf8").slice(1);
    const [head, first] = text.split("\r\n");
    // Local time of the operator's zone with its offset (ADR 0080); the header names no zone.
    expect(head!.split(";")[0]).toBe("Дата и время");
    expect(first).toBe(
      `2025-03-03 12:00:00+03:00;${co.accounts[0]!.number};Исходящий;${lines[0]!.number};+74951112233;Местный;61;120;3,00`,
    );

    const x = await exportCalls({ ctx, input: { ...input, format: "xlsx" } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await collect(x.body)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const summary = await callsSummary({ ctx, input });
    expect(ws.rowCount).toBe(summary.count + 1);
    expect(ws.getRow(2).getCell(9).value).toBe(3);
    expect(ws.getRow(2).getCell(1).value).toBe("2025-03-03 12:00:00+03:00");
    expect(ws.getRow(1).getCell(2).value).toBe("Лицевой счёт");
  });
});
