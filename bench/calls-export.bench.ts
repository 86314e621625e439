import postgres from "postgres";
import { BENCH_CALLS, callsDatabase, peakRss, signInOver } from "./calls-setup";
import { fmt } from "./db";
import { startProc } from "./payments-procs";

// Export of the whole set as CSV over HTTP (rows/s, peak RSS of the API, which runs in a process of
// its own) beside `COPY (SELECT …) TO STDOUT` of the same rows. Targets: ≥ 60 % of COPY, < 200 MB.

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? Math.min(BENCH_CALLS, 1_000_000));

export default async function run() {
  const db = await callsDatabase("calls_export", { calls: ROWS, accounts: 300, months: 3 });
  const from = db.from.toISOString();
  const to = new Date(db.to.getTime() + 1000).toISOString();
  console.log(`${fmt(db.inserted, 0)} calls over 3 months, 300 accounts`);

  const raw = postgres(db.url, { max: 2, onnotice: () => {} });
  const copy = await peakRss(async () => {
    const t0 = performance.now();
    let bytes = 0;
    const stream = await raw
      .unsafe(`COPY (SELECT c.started_at, a.number, c.direction, c.caller, c.callee, c.destination_type, c.duration_sec,
                c.billable_sec, c.cost FROM calls c JOIN accounts a ON a.id = c.account_id
                WHERE c.company_id = '${db.co.id}' AND c.started_at >= '${from}' AND c.started_at < '${to}'
                ORDER BY c.started_at, c.id) TO STDOUT WITH (FORMAT csv, DELIMITER ';')`)
      .readable();
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    return { sec: (performance.now() - t0) / 1000, bytes };
  });
  await raw.end();

  // The API runs in a child process: its peak RSS is then the server's own, while the data
  // generated above stays in this one.
  const apiProc = await startProc("calls-api-process.ts", { BENCH_DB_URL: db.url });
  const base = String(apiProc.ready.url);
  const startRss = Number(apiProc.ready.rssMb);
  const token = await signInOver(base, db.co);
  const t0 = performance.now();
  const res = await fetch(`${base}/v1/calls/export?format=csv&from=${from}&to=${to}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const api = { sec: (performance.now() - t0) / 1000, bytes, lines };
  const { maxRssMb } = await apiProc.ask<{ maxRssMb: number }>("stats");
  await apiProc.stop();
  await db.conn.close();

  const rows = db.inserted;
  console.log(
    `COPY … TO STDOUT (postgres.js)  ${fmt(rows / copy.result.sec, 0).padStart(9)} rows/s  ${fmt(copy.result.bytes / 1e6)} MB  peak RSS ${fmt(copy.peakMb, 0)} MB (+${fmt(copy.growthMb, 0)} MB)`,
  );
  console.log(
    `GET /v1/calls/export CSV       ${fmt(rows / api.sec, 0).padStart(9)} rows/s  ${fmt(api.bytes / 1e6)} MB  API process peak RSS ${fmt(maxRssMb, 0)} MB (${fmt(startRss, 0)} MB when it started)  (${fmt(api.lines - 1, 0)} data lines)`,
  );
  const share = copy.result.sec / api.sec;
  console.log(
    `export runs at ${fmt(share * 100, 0)} % of COPY (target ≥ 60 %) — ${share >= 0.6 ? "OK" : "BELOW TARGET"}; API process peak RSS ${maxRssMb < 200 ? "< 200 MB OK" : "≥ 200 MB — OVER BUDGET"}`,
  );
}
