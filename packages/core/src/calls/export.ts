import { accounts, calls, copyOut, rawClientOf } from "@lk/db";
import { and, type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Ctx } from "../context/index";
import { requirePermission } from "../context/index";
import { localDate, localIsoSql } from "../time/index";
import { type CallFilter, type CallFilterInput, resolveCallFilter } from "./filters";
import { afterKey } from "./list";
import { type KeyedRow, type Keyset, streamRows } from "./stream-rows";
import { type Cell, xlsxStream } from "./xlsx";

export type ExportFormat = "csv" | "xlsx";
export interface ExportCallsInput extends CallFilterInput {
  format: ExportFormat;
}

export const EXPORT_HEADERS = [
  "Дата и время",
  "Лицевой счёт",
  "Направление",
  "Кто звонил",
  "Кому звонили",
  "Тип вызова",
  "Длительность, с",
  "Тарифицировано, с",
  "Стоимость, руб. без НДС",
];

const directionRu = sql`CASE ${calls.direction} WHEN 'outgoing' THEN 'Исходящий' ELSE 'Входящий' END`;
const destinationRu = sql`CASE ${calls.destinationType} WHEN 'local' THEN 'Местный' WHEN 'long_distance' THEN 'Междугородный'
  WHEN 'international' THEN 'Международный' ELSE 'Мобильный' END`;
/** The call's start in the operator's time zone with its offset: "2026-12-01 00:30:00+03:00" (ADR 0080). */
const startedText = (tz: string) => localIsoSql(sql`${calls.startedAt}`, tz, " ");

/**
 * The database formats each CSV line (Russian Excel: `;`, decimal comma), so the export moves one
 * text column per row and Node only joins them: close to COPY's speed (see bench/calls-export).
 */
const csvLine = (
  tz: string,
) => sql`concat_ws(';', ${startedText(tz)}, ${accounts.number}, ${directionRu}, ${calls.caller}, ${calls.callee},
  ${destinationRu}, ${calls.durationSec}, ${calls.billableSec},
  (${calls.cost} / 100)::text || ',' || lpad((${calls.cost} % 100)::text, 2, '0'))`;

const xlsxColumns = (
  tz: string,
) => sql`${startedText(tz)} AS started, ${accounts.number} AS account, ${directionRu} AS direction,
  ${calls.caller} AS caller, ${calls.callee} AS callee, ${destinationRu} AS destination,
  ${calls.durationSec} AS duration, ${calls.billableSec} AS billable, ${calls.cost} AS cost`;

function exportQuery(filter: CallFilter, columns: SQL) {
  return (after: Keyset | undefined, limit: number | undefined) =>
    // The keyset columns are needed only for PGlite's pages (limit set); a cursor reads straight through.
    sql`SELECT ${columns}${limit ? sql`, to_char(${calls.startedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS k_t, ${calls.id} AS k_i` : sql``}
        FROM ${calls} JOIN ${accounts} ON ${accounts.id} = ${calls.accountId}
        WHERE ${and(filter.where, after ? afterKey(after.t, after.i) : undefined)}
        ORDER BY ${calls.startedAt}, ${calls.id} ${limit ? sql`LIMIT ${limit}` : sql``}`;
}

const BOM = "\uFEFF";
const dialect = new PgDialect();
const encoder = new TextEncoder();

/** Bytes with every LF turned into CRLF (COPY ends rows with LF; Russian Excel expects CRLF). */
export function lfToCrlf(chunks: Uint8Array[], size: number): Uint8Array {
  let lf = 0;
  for (const c of chunks) for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lf++;
  const out = Buffer.allocUnsafe(size + lf);
  let o = 0;
  for (const c of chunks) {
    const b = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    let from = 0;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) {
      o += b.copy(out, o, from, i);
      out[o++] = 13;
      out[o++] = 10;
      from = i + 1;
    }
    o += b.copy(out, o, from);
  }
  return out;
}

const FLUSH_BYTES = 64 * 1024;

async function* csvStream(ctx: Ctx, filter: CallFilter): AsyncGenerator<Uint8Array> {
  yield encoder.encode(`${BOM}${EXPORT_HEADERS.join(";")}\r\n`);
  const raw = rawClientOf(ctx.db);
  if (raw.kind === "postgres") {
    // PostgreSQL: COPY of the same formatted line (ADR 0061) — no per-row protocol parsing or
    // objects in Node, only bytes passed on in 64 KB pieces. COPY takes no bind parameters, so
    // the filter's values are inlined as escaped literals. The exotic delimiter and quote
    // characters keep COPY's CSV mode from quoting anything our lines contain.
    const query = dialect.sqlToQuery(
      exportQuery(filter, sql`${csvLine(ctx.config.timeZone)} AS line`)(undefined, undefined).inlineParams(),
    );
    let pending: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of copyOut(
      raw,
      `COPY (${query.sql}) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`,
    )) {
      pending.push(chunk);
      size += chunk.byteLength;
      if (size >= FLUSH_BYTES) {
        yield lfToCrlf(pending, size);
        pending = [];
        size = 0;
      }
    }
    if (size > 0) yield lfToCrlf(pending, size);
    return;
  }
  for await (const batch of streamRows<KeyedRow & { line: string }>(
    ctx.db,
    exportQuery(filter, sql`${csvLine(ctx.config.timeZone)} AS line`),
  )) {
    let text = "";
    for (const r of batch) text += `${r.line}\r\n`;
    yield encoder.encode(text);
  }
}

type XlsxRow = KeyedRow & {
  started: string;
  account: string;
  direction: string;
  caller: string;
  callee: string;
  destination: string;
  duration: number;
  billable: number;
  cost: number | string;
};

async function* xlsxBatches(ctx: Ctx, filter: CallFilter): AsyncGenerator<Cell[][]> {
  for await (const batch of streamRows<XlsxRow>(
    ctx.db,
    exportQuery(filter, xlsxColumns(ctx.config.timeZone)),
  )) {
    yield batch.map((r) => [
      r.started,
      r.account,
      r.direction,
      r.caller,
      r.callee,
      r.destination,
      Number(r.duration),
      Number(r.billable),
      Number(r.cost) / 100,
    ]);
  }
}

/**
 * The filtered call details as a file, streamed: permission and filter are checked before the
 * first byte (so errors are still problem+json), then rows flow from the database to the client.
 */
export async function exportCalls({ ctx, input }: { ctx: Ctx; input: ExportCallsInput }) {
  requirePermission(ctx, "calls:read");
  const filter = await resolveCallFilter(ctx, input);
  const tz = ctx.config.timeZone;
  const name = `calls-${filter.period ?? `${localDate(filter.from, tz)}_${localDate(filter.to, tz)}`}.${input.format}`;
  if (input.format === "xlsx") {
    return {
      filename: name,
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      body: xlsxStream("Звонки", EXPORT_HEADERS, xlsxBatches(ctx, filter)),
    };
  }
  return { filename: name, contentType: "text/csv; charset=utf-8", body: csvStream(ctx, filter) };
}
