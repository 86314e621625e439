import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { type CallDirection, type DestinationType, destinationTypes } from "@lk/db";
import { parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import type { Msg } from "../../errors/index";
import { invalidField } from "../../errors/index";
import { normalizeNumber } from "../numbers";

export interface ParsedCall {
  line: number;
  recordKey: string;
  startedAt: Date;
  durationSec: number;
  direction: CallDirection;
  caller: string;
  callee: string;
  destinationType: DestinationType | null;
}

export type ParseItem =
  | { ok: true; call: ParsedCall }
  | { ok: false; line: number; code: string; reason: Msg };

const REQUIRED = ["started_at", "duration_sec", "direction", "caller", "callee"] as const;
const OPTIONAL = ["record_id", "destination_type"] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];
const ALIASES: Record<string, Column> = {
  duration: "duration_sec",
  id: "record_id",
  type: "destination_type",
};

const DIRECTIONS: Record<string, CallDirection> = {
  outgoing: "outgoing",
  out: "outgoing",
  o: "outgoing",
  исх: "outgoing",
  исходящий: "outgoing",
  incoming: "incoming",
  in: "incoming",
  i: "incoming",
  вх: "incoming",
  входящий: "incoming",
};

/** Longest call we accept: a day. Anything longer is a switch fault. */
const MAX_DURATION = 86_400;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const RU = /^(\d{2})\.(\d{2})\.(\d{4})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** `2026-10-01T09:15:00Z`, `…+03:00`, `2026-10-01 09:15:00` (UTC) or `01.10.2026 09:15:00` (UTC); to the second. */
export function parseTimestamp(s: string): Date | null {
  let y: number, mo: number, d: number, h: number, mi: number, se: number;
  let offsetMin = 0;
  const iso = ISO.exec(s);
  const ru = iso ? null : RU.exec(s);
  if (iso) {
    [y, mo, d, h, mi, se] = iso.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const off = iso[7];
    if (off && off.toUpperCase() !== "Z") {
      const sign = off.startsWith("-") ? -1 : 1;
      const digits = off.slice(1).replace(":", "");
      offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    }
  } else if (ru) {
    [d, mo, y, h, mi, se] = ru.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  } else return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return null;
  return new Date(ms - offsetMin * 60_000);
}

const bad = (line: number, code: string, ru: string, en: string): ParseItem => ({
  ok: false,
  line,
  code,
  reason: { ru, en },
});

function detectDelimiter(firstLine: string): string {
  const count = (c: string) => firstLine.split(c).length - 1;
  return [";", "\t", ","].reduce((best, c) => (count(c) > count(best) ? c : best), ";");
}

function headerIndex(header: string[]): Map<Column, number> {
  const index = new Map<Column, number>();
  header.forEach((raw, i) => {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/^\uFEFF/, "");
    const col = (ALIASES[name] ?? name) as Column;
    if ((REQUIRED as readonly string[]).includes(col) || (OPTIONAL as readonly string[]).includes(col)) {
      index.set(col, i);
    }
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw invalidField("body", "invalid_header", {
      ru: `В первой строке нет столбцов: ${missing.join(", ")} (см. формат в документации)`,
      en: `The header line lacks columns: ${missing.join(", ")} (see the documented format)`,
    });
  }
  return index;
}

/** Validates one data record; `now` bounds start times (a record a day in the future is a fault). */
export function parseRecord(fields: string[], idx: Map<Column, number>, line: number, now: Date): ParseItem {
  const get = (c: Column) => {
    const i = idx.get(c);
    return i === undefined ? "" : (fields[i] ?? "").trim();
  };
  const startedAt = parseTimestamp(get("started_at"));
  if (!startedAt)
    return bad(line, "invalid_started_at", "Неверная дата и время начала", "Invalid start time");
  if (startedAt.getTime() > now.getTime() + 86_400_000 || startedAt.getUTCFullYear() < 2000) {
    return bad(
      line,
      "started_at_out_of_range",
      "Дата начала вне допустимого диапазона",
      "Start time out of range",
    );
  }
  const durationText = get("duration_sec");
  const durationSec = /^\d{1,6}$/.test(durationText) ? Number(durationText) : Number.NaN;
  if (!(durationSec >= 0 && durationSec <= MAX_DURATION)) {
    return bad(
      line,
      "invalid_duration",
      "Длительность — целое число секунд до 86400",
      "Duration: whole seconds up to 86400",
    );
  }
  const direction = DIRECTIONS[get("direction").toLowerCase()];
  if (!direction)
    return bad(
      line,
      "invalid_direction",
      "Направление: outgoing или incoming",
      "Direction: outgoing or incoming",
    );
  const caller = normalizeNumber(get("caller"));
  if (!caller) return bad(line, "invalid_caller", "Неверный номер звонившего", "Invalid caller number");
  const callee = normalizeNumber(get("callee"));
  if (!callee) return bad(line, "invalid_callee", "Неверный вызываемый номер", "Invalid callee number");
  const typeText = get("destination_type").toLowerCase();
  let destinationType: DestinationType | null = null;
  if (typeText) {
    if (!(destinationTypes as readonly string[]).includes(typeText)) {
      return bad(
        line,
        "invalid_destination_type",
        "Тип вызова: local, long_distance, international или mobile",
        "Destination type: local, long_distance, international or mobile",
      );
    }
    destinationType = typeText as DestinationType;
  }
  const recordId = get("record_id");
  if (recordId.length > 100)
    return bad(
      line,
      "invalid_record_id",
      "record_id длиннее 100 символов",
      "record_id is longer than 100 characters",
    );
  const recordKey =
    recordId ||
    `h:${createHash("sha1").update(`${direction}|${caller}|${callee}|${startedAt.toISOString()}`).digest("base64url")}`;
  return {
    ok: true,
    call: { line, recordKey, startedAt, durationSec, direction, caller, callee, destinationType },
  };
}

const csvOptions = (delimiter: string) => ({
  delimiter,
  bom: true,
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
});

/**
 * Streams a CSV of call records: the first line names the columns, the separator (`;`, `,` or tab)
 * is taken from it. Yields each record validated, or the line number and reason it was rejected.
 *
 * Fast path (ADR 0061): the text is split into lines here and a line without a `"` is split on the
 * separator directly — what csv-parse would produce for it, at several times the speed. A record
 * with quotes (possibly spanning lines) is cut out whole and handed to csv-parse with the same
 * options, so quoting keeps its exact meaning. Files whose lines end in a bare CR go entirely
 * through csv-parse.
 */
export async function* parseCallCsv(
  source: AsyncIterable<Uint8Array | string>,
  now: Date,
): AsyncGenerator<ParseItem> {
  const it = source[Symbol.asyncIterator]();
  const head: (Uint8Array | string)[] = [];
  let peek = "";
  while (!peek.includes("\n") && peek.length < 65_536) {
    const next = await it.next();
    if (next.done) break;
    head.push(next.value);
    peek += typeof next.value === "string" ? next.value : Buffer.from(next.value).toString("utf8");
  }
  const rest = (async function* () {
    yield* head;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  })();
  const delimiter = detectDelimiter(peek.split("\n")[0] ?? "");
  const bareCr = !peek.includes("\n") && peek.includes("\r");
  yield* bareCr ? parseWithCsvParse(rest, delimiter, now) : parseFast(rest, delimiter, now);
}

/** Inside an open quoted field at the end of `text`? (csv-parse's rules: a quote opens a field only at its start.) */
function endsInsideQuotes(text: string, delimiter: string): boolean {
  let quoting = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoting) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoting = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoting = true;
      fieldStart = false;
    } else if (c === delimiter || c === "\n") fieldStart = true;
    else fieldStart = false;
  }
  return quoting;
}

async function* parseFast(
  source: AsyncIterable<Uint8Array | string>,
  delimiter: string,
  now: Date,
): AsyncGenerator<ParseItem> {
  const decoder = new TextDecoder("utf-8");
  let idx: Map<Column, number> | undefined;
  let lineNo = 0;
  let carry = "";
  let first = true;
  // A quoted record that spans lines: its text so far and its first line.
  let quoted: string | null = null;
  let quotedStart = 0;

  const handleRecord = (fields: string[], line: number): ParseItem | null => {
    if (!idx) {
      idx = headerIndex(fields);
      return null;
    }
    return parseRecord(fields, idx, line, now);
  };
  const viaCsvParse = (text: string, startLine: number, endLine: number): ParseItem | null => {
    let records: string[][];
    try {
      records = parseSync(text, csvOptions(delimiter)) as string[][];
    } catch {
      return bad(startLine, "malformed_line", "Строка не разобрана как CSV", "Malformed CSV line");
    }
    const fields = records[0];
    if (!fields) return null;
    return handleRecord(fields, endLine);
  };

  function* lines(text: string, final: boolean): Generator<ParseItem> {
    let from = 0;
    for (;;) {
      const nl = text.indexOf("\n", from);
      if (nl < 0 && !final) {
        carry = text.slice(from);
        return;
      }
      let line = nl < 0 ? text.slice(from) : text.slice(from, nl);
      if (nl < 0 && line === "") return;
      lineNo++;
      from = nl + 1;
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (first) {
        first = false;
        if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      }
      if (quoted !== null) {
        quoted += `\n${line}`;
        if (!endsInsideQuotes(quoted, delimiter)) {
          const item = viaCsvParse(quoted, quotedStart, lineNo);
          quoted = null;
          if (item) yield item;
        }
      } else if (line === "") {
        // skip_empty_lines
      } else if (!line.includes('"')) {
        const item = handleRecord(line.split(delimiter), lineNo);
        if (item) yield item;
      } else if (endsInsideQuotes(line, delimiter)) {
        quoted = line;
        quotedStart = lineNo;
      } else {
        const item = viaCsvParse(line, lineNo, lineNo);
        if (item) yield item;
      }
      if (nl < 0) return;
    }
  }

  for await (const chunk of source) {
    const text = carry + (typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    carry = "";
    yield* lines(text, false);
  }
  yield* lines(carry + decoder.decode(), true);
  if (quoted !== null) {
    // The file ended inside a quoted field.
    yield bad(quotedStart, "malformed_line", "Строка не разобрана как CSV", "Malformed CSV line");
  }
  if (!idx) {
    throw invalidField("body", "empty_file", { ru: "Файл пуст", en: "The file is empty" });
  }
}

/** The general path: csv-parse over the whole stream (files with bare-CR line ends). */
async function* parseWithCsvParse(
  rest: AsyncIterable<Uint8Array | string>,
  delimiter: string,
  now: Date,
): AsyncGenerator<ParseItem> {
  const skipped: ParseItem[] = [];
  const parser = Readable.from(rest).pipe(
    parse({
      ...csvOptions(delimiter),
      info: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        const line = (err as { lines?: number } | undefined)?.lines ?? 0;
        skipped.push(bad(line, "malformed_line", "Строка не разобрана как CSV", "Malformed CSV line"));
        return undefined;
      },
    }),
  );
  let idx: Map<Column, number> | undefined;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    while (skipped.length) yield skipped.shift()!;
    if (!idx) {
      idx = headerIndex(record);
      continue;
    }
    yield parseRecord(record, idx, info.lines, now);
  }
  while (skipped.length) yield skipped.shift()!;
  if (!idx) {
    throw invalidField("body", "empty_file", { ru: "Файл пуст", en: "The file is empty" });
  }
}
