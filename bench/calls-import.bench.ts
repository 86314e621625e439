import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { type Ctx, ensureTelephonyLines, generateCalls, importCalls, KeyStore } from "@lk/core";
import { makeCompany } from "@lk/core/testing";
import postgres from "postgres";
import { benchDatabase, fmt } from "./db";

// `lk calls import` (streamed parse, validation, service lookup, rating, COPY straight into the
// partitioned table, duplicates redone through staging with ON CONFLICT) beside a plain COPY of
// the same file into a table of its columns (the target: ≥ 50 % of its rows/s) and beside
// COPY of the resolved rows into `calls` itself.

// Default 200 k rows; the full size is BENCH_IMPORT_ROWS=500000.
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);

export default async function run() {
  const { conn, url } = await benchDatabase("calls_import", 10);
  const co = await makeCompany(conn, { accountsPerGroup: 100 });
  const lines = await ensureTelephonyLines(conn.db, co.id, new Date());
  const to = new Date(Math.floor(Date.now() / 1000) * 1000);
  const from = new Date(to.getTime() - 90 * 86_400_000);
  const dir = mkdtempSync(join(tmpdir(), "lk-import-"));
  const file = join(dir, "calls.csv");
  let text = "record_id;started_at;duration_sec;direction;caller;callee\n";
  for (const c of generateCalls(lines, ROWS, { from, to, seed: 3, keyPrefix: "imp" })) {
    text += `${c.recordKey};${c.startedAt.toISOString()};${c.durationSec};${c.direction};${c.caller};${c.callee}\n`;
  }
  writeFileSync(file, text);
  const mb = Buffer.byteLength(text) / 1e6;
  text = "";
  console.log(`${fmt(ROWS, 0)} rows, ${fmt(mb)} MB CSV, ${lines.length} phone lines`);

  const raw = postgres(url, { max: 1, onnotice: () => {} });
  await raw.unsafe(
    `CREATE TABLE plain_copy (record_id text, started_at timestamptz, duration_sec int, direction text, caller text, callee text)`,
  );
  const t0 = performance.now();
  await pipeline(
    createReadStream(file),
    await raw.unsafe(`COPY plain_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)`).writable(),
  );
  const copySec = (performance.now() - t0) / 1000;
  await raw.end();

  const ctx: Ctx = {
    db: conn.db,
    principal: { type: "operator", name: "bench" },
    config: (await import("@lk/core")).defaultCoreConfig,
    keys: new KeyStore(conn.db),
    now: () => new Date(),
    requestId: "bench",
    ip: null,
    userAgent: null,
    lang: "en",
  };
  const t1 = performance.now();
  const report = await importCalls({ ctx, input: { source: createReadStream(file) } });
  const importSec = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const again = await importCalls({ ctx, input: { source: createReadStream(file) } });
  const againSec = (performance.now() - t2) / 1000;

  // The database's own floor for this table: the same rows, already resolved and rated, COPYed
  // straight into `calls` (three B-tree indexes, partitions) with no parsing, lookup or dedup.
  const resolved = join(dir, "resolved.tsv");
  const cols =
    "company_id, account_id, service_id, record_key, started_at, duration_sec, billable_sec, direction, caller, callee, destination_type, cost";
  // A fresh client per step: postgres.js leaves a connection unusable after a COPY … TO stream.
  const out = postgres(url, { max: 1, onnotice: () => {} });
  await pipeline(
    await out.unsafe(`COPY (SELECT ${cols} FROM calls) TO STDOUT`).readable(),
    createWriteStream(resolved),
  );
  await out.end();
  const pg = postgres(url, { max: 1, onnotice: () => {} });
  await pg.unsafe("TRUNCATE calls");
  await pg.unsafe("CHECKPOINT");
  const t3 = performance.now();
  await pipeline(createReadStream(resolved), await pg.unsafe(`COPY calls (${cols}) FROM STDIN`).writable());
  const intoCallsSec = (performance.now() - t3) / 1000;
  await pg.end();
  await conn.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(
    `plain COPY of the file          ${fmt(ROWS / copySec, 0).padStart(9)} rows/s  (${fmt(copySec)} s)`,
  );
  console.log(
    `importCalls (lk calls import)   ${fmt(ROWS / importSec, 0).padStart(9)} rows/s  (${fmt(importSec)} s; inserted ${report.inserted}, bad ${report.bad_rows})`,
  );
  console.log(
    `same file again (all duplicates) ${fmt(ROWS / againSec, 0).padStart(8)} rows/s  (duplicates ${again.duplicates})`,
  );
  console.log(
    `COPY of the resolved rows into calls ${fmt(ROWS / intoCallsSec, 0).padStart(6)} rows/s  (${fmt(intoCallsSec)} s) — the table's own floor`,
  );
  const share = copySec / importSec;
  console.log(
    `import runs at ${fmt(share * 100, 0)} % of plain COPY (target ≥ 50 %) — ${share >= 0.5 ? "OK" : "BELOW TARGET"}; at ${fmt((intoCallsSec / importSec) * 100, 0)} % of COPY into calls itself`,
  );
}
