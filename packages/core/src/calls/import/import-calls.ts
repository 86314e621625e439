import { audit } from "../../audit/audit";
import { type Ctx, requireOperator } from "../../context/index";
import { forbidden } from "../../errors/index";
import { billableSeconds, rateCall } from "../../tariffs/rating";
import { classifyDestination } from "../numbers";
import { lineAt, loadPhoneLines, tariffAt } from "./lines";
import { type CallRecord, loadPreparedCalls, type PreparedCalls, prepareCalls } from "./load";
import { type ParsedCall, parseCallCsv } from "./parse";

export interface ImportCallsInput {
  /** The CSV file's bytes as they arrive (a file stream, an HTTP request body). */
  source: AsyncIterable<Uint8Array | string>;
  /** Called after each batch with the bytes and rows read so far (the CLI's progress bar). */
  onProgress?: (p: { bytes: number; rows: number }) => void;
  /** Rows per batch (one transaction each); default 20 000. Small values are for tests. */
  batchRows?: number;
}

export interface ImportError {
  line: number;
  code: string;
  message: string;
}

export interface ImportReport {
  rows_read: number;
  inserted: number;
  duplicates: number;
  bad_rows: number;
  errors: ImportError[];
  errors_truncated: boolean;
}

/** Rows validated and rated together: one service lookup and one COPY per batch. */
const BATCH = 20_000;
/** The report lists this many bad rows; `bad_rows` counts them all. */
export const MAX_REPORTED_ERRORS = 1000;

function rate(call: ParsedCall, line: NonNullable<ReturnType<typeof lineAt>>): CallRecord {
  const tariff = tariffAt(line, call.startedAt);
  const remote = call.direction === "outgoing" ? call.callee : call.caller;
  const destinationType = call.destinationType ?? classifyDestination(line.identifier, remote);
  const outgoing = call.direction === "outgoing";
  return {
    companyId: line.companyId,
    accountId: line.accountId,
    serviceId: line.serviceId,
    recordKey: call.recordKey,
    startedAt: call.startedAt,
    durationSec: call.durationSec,
    billableSec: outgoing ? billableSeconds(call.durationSec, tariff.rounding) : 0,
    direction: call.direction,
    caller: call.caller,
    callee: call.callee,
    destinationType,
    cost: outgoing ? rateCall(call.durationSec, tariff.rates[destinationType] ?? 0, tariff.rounding) : 0,
  };
}

/**
 * Loads a CSV of call records from the operator's switch (docs/calls.md): streams and validates
 * it, assigns each call to the telephony service by its number (the caller of an outgoing call,
 * the callee of an incoming one), rates it with the service's tariff and loads it by COPY.
 * Bad rows are reported with their line numbers and never stop the good ones; a record already
 * loaded (same natural key) is counted as a duplicate, so re-running an import is safe.
 * Each batch commits on its own (ADR 0021); the audit row records the whole import.
 */
export async function importCalls({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ImportCallsInput;
}): Promise<ImportReport> {
  // A signed-in customer is known but not allowed (403); no credentials at all is 401.
  if (ctx.principal.type === "user" || ctx.principal.type === "api_key") throw forbidden();
  requireOperator(ctx);
  const report: ImportReport = {
    rows_read: 0,
    inserted: 0,
    duplicates: 0,
    bad_rows: 0,
    errors: [],
    errors_truncated: false,
  };
  const badRow = (line: number, code: string, message: { ru: string; en: string }) => {
    report.bad_rows++;
    if (report.errors.length < MAX_REPORTED_ERRORS)
      report.errors.push({ line, code, message: message[ctx.lang] });
    else report.errors_truncated = true;
  };
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of input.source) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
      yield chunk;
    }
  })();
  const knownMonths = new Set<string>();

  // Lookup, rating and COPY text of a batch happen in Node while the database loads the previous
  // batch; at most one load is in flight, so batches commit in file order and partitions are made
  // once. A batch that met duplicates sends the next one through staging at once (ADR 0065).
  const prepare = async (batch: ParsedCall[]): Promise<PreparedCalls | null> => {
    const numbers = new Set(batch.map((c) => (c.direction === "outgoing" ? c.caller : c.callee)));
    const lines = await loadPhoneLines(ctx.db, [...numbers]);
    const records: CallRecord[] = [];
    for (const call of batch) {
      const number = call.direction === "outgoing" ? call.caller : call.callee;
      const line = lineAt(lines.get(number), call.startedAt);
      if (!line) {
        badRow(call.line, "unknown_number", {
          ru: `Номер ${number} не принадлежит ни одной услуге телефонии`,
          en: `Number ${number} belongs to no telephony service`,
        });
        continue;
      }
      records.push(rate(call, line));
    }
    return prepareCalls(records);
  };
  let expectDuplicates = false;
  const load = async (prepared: PreparedCalls | null) => {
    const count = prepared?.count ?? 0;
    const inserted = await loadPreparedCalls(ctx.db, prepared, { knownMonths, expectDuplicates });
    report.inserted += inserted;
    report.duplicates += count - inserted;
    expectDuplicates = inserted < count;
    input.onProgress?.({ bytes, rows: report.rows_read });
  };

  let loading: Promise<void> = Promise.resolve();
  let batch: ParsedCall[] = [];
  const handOver = async (full: ParsedCall[]) => {
    const prepared = await prepare(full);
    await loading;
    loading = load(prepared);
    loading.catch(() => {}); // handled when awaited; keeps a failed load from being "unhandled"
  };
  try {
    for await (const item of parseCallCsv(counted, ctx.now())) {
      report.rows_read++;
      if (!item.ok) {
        badRow(item.line, item.code, item.reason);
        continue;
      }
      batch.push(item.call);
      if (batch.length >= (input.batchRows ?? BATCH)) {
        const full = batch;
        batch = [];
        await handOver(full);
      }
    }
    await handOver(batch);
  } finally {
    await loading.catch(() => {});
  }
  await loading;
  report.errors.sort((a, b) => a.line - b.line);

  await ctx.db.transaction(async (tx) => {
    await audit(tx, ctx, {
      action: "calls.import",
      companyId: null,
      entityType: "calls",
      data: {
        rows_read: report.rows_read,
        inserted: report.inserted,
        duplicates: report.duplicates,
        bad_rows: report.bad_rows,
      },
    });
  });
  return report;
}
