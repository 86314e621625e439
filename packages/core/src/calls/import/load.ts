import type { CallDirection, DestinationType } from "@lk/db";
import { type CopySession, copyTransaction, type Database, rawClientOf } from "@lk/db";
import { ensureCallPartitions } from "../partitions";

/** A rated call ready for the calls table. */
export interface CallRecord {
  companyId: string;
  accountId: string;
  serviceId: string | null;
  recordKey: string;
  startedAt: Date;
  durationSec: number;
  billableSec: number;
  direction: CallDirection;
  caller: string;
  callee: string;
  destinationType: DestinationType;
  cost: number;
}

const COLUMNS =
  "company_id, account_id, service_id, record_key, started_at, duration_sec, billable_sec, direction, caller, callee, destination_type, cost";

// COPY text format: backslash, tab and line breaks must be escaped in free text (record ids).
const esc = (s: string) => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESC[c]!) : s);
const ESC: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

export function toCopyText(records: CallRecord[]): string {
  let out = "";
  for (const r of records) {
    out += `${r.companyId}\t${r.accountId}\t${r.serviceId ?? "\\N"}\t${esc(r.recordKey)}\t${r.startedAt.toISOString()}\t${r.durationSec}\t${r.billableSec}\t${r.direction}\t${r.caller}\t${r.callee}\t${r.destinationType}\t${r.cost}\n`;
  }
  return out;
}

// Rows go in in index order (company, start): the B-tree pages they touch are neighbours, which
// measured ~20 % faster than the file's order on PostgreSQL 15.
async function insertViaStaging(s: CopySession, text: string): Promise<number> {
  await s.query(
    `CREATE TEMP TABLE calls_staging (company_id uuid, account_id uuid, service_id uuid, record_key text,
       started_at timestamptz, duration_sec integer, billable_sec integer, direction text, caller text,
       callee text, destination_type text, cost bigint) ON COMMIT DROP`,
  );
  await s.copyIn(`COPY calls_staging (${COLUMNS}) FROM STDIN`, text);
  const [row] = await s.query<{ n: number }>(
    `WITH ins AS (INSERT INTO calls (${COLUMNS}) SELECT ${COLUMNS} FROM calls_staging ORDER BY company_id, started_at ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Loads one batch of rated calls in one transaction: COPY into a temporary staging table, then
 * INSERT … ON CONFLICT DO NOTHING so records already loaded (same company, start, natural key)
 * are skipped. `direct` COPYs straight into `calls` (generated data whose keys are fresh).
 * Returns how many rows were inserted.
 */
export async function loadCalls(
  db: Database,
  records: CallRecord[],
  opts: { direct?: boolean; knownMonths?: Set<string> } = {},
): Promise<number> {
  if (records.length === 0) return 0;
  let min = records[0]!.startedAt;
  let max = min;
  for (const r of records) {
    if (r.startedAt < min) min = r.startedAt;
    if (r.startedAt > max) max = r.startedAt;
  }
  await ensureCallPartitions(db, min, max, opts.knownMonths);
  const text = toCopyText(records);
  return copyTransaction(rawClientOf(db), async (s) => {
    if (!opts.direct) return insertViaStaging(s, text);
    await s.copyIn(`COPY calls (${COLUMNS}) FROM STDIN`, text);
    return records.length;
  });
}
