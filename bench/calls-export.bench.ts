import postgres from "postgres";
import { BENCH_CALLS, callsDatabase, peakRss, serveApp, signInOver } from "./calls-setup";
import { fmt } from "./db";

// Export of the whole set as CSV over HTTP (rows/s, peak RSS of this process, which also runs the
// server) beside `COPY (SELECT …) TO STDOUT` of the same rows. Targets: ≥ 60 % of COPY, < 200 MB.

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

  const server = await serveApp(db.conn);
  const token = await signInOver(server.base, db.co);
  const api = await peakRss(async () => {
    const t0 = performance.now();
    const res = await fetch(`${server.base}/v1/calls/export?format=csv&from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    return { sec: (performance.now() - t0) / 1000, bytes, lines };
  });
  await server.close();
  await db.conn.close();

  const rows = db.inserted;
  console.log(
    `COPY … TO STDOUT (postgres.js)  ${fmt(rows / copy.result.sec, 0).padStart(9)} rows/s  ${fmt(copy.result.bytes / 1e6)} MB  peak RSS ${fmt(copy.peakMb, 0)} MB (+${fmt(copy.growthMb, 0)} MB)`,
  );
  console.log(
    `GET /v1/calls/export CSV       ${fmt(rows / api.result.sec, 0).padStart(9)} rows/s  ${fmt(api.result.bytes / 1e6)} MB  peak RSS ${fmt(api.peakMb, 0)} MB (+${fmt(api.growthMb, 0)} MB)  (${fmt(api.result.lines - 1, 0)} data lines)`,
  );
  const share = copy.result.sec / api.result.sec;
  console.log(
    `export runs at ${fmt(share * 100, 0)} % of COPY (target ≥ 60 %) — ${share >= 0.6 ? "OK" : "BELOW TARGET"}; RSS growth during the export ${api.growthMb < 200 ? "< 200 MB OK" : "≥ 200 MB — OVER BUDGET"} (absolute peak includes the generated data's leftovers)`,
  );
}
