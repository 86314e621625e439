import { defaultCoreConfig, KeyStore, runBilling } from "@lk/core";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { benchDatabase, fmt } from "./db";

// The monthly billing run over BENCH_BILLING_ACCOUNTS accounts and BENCH_BILLING_CALLS call records
// (defaults are small; the target is 100 000 and 10 000 000), beside the floor: one SQL
// aggregate over the same records. Target: within 3× of the floor and under 2 minutes.
export default async function run() {
  // Defaults finish in about a minute here; the measured run is
  // BENCH_BILLING_ACCOUNTS=10000 BENCH_BILLING_CALLS=1000000.
  const nAccounts = Number(process.env.BENCH_BILLING_ACCOUNTS ?? 3_000);
  const nCalls = Number(process.env.BENCH_BILLING_CALLS ?? 300_000);
  const batchSize = Number(process.env.BENCH_BILLING_BATCH ?? 1000);
  const { conn } = await benchDatabase("billing");
  const perCompany = 1000;
  const t0 = performance.now();
  await rows(
    conn.db,
    sql`INSERT INTO companies (name, inn, legal_address, contract_number, billing_system, contract_date)
        SELECT 'ООО «Бенч ' || g || '»', lpad(g::text, 10, '7'), 'г. Москва', 'B-' || g, 'credit', '2025-01-01'
          FROM generate_series(1, ${Math.ceil(nAccounts / perCompany)}) g`,
  );
  await rows(
    conn.db,
    sql`INSERT INTO tariffs (code, name, kind, monthly_fee, rounding) VALUES ('bench', 'Бизнес', 'telephony', 50000, 'per_minute')`,
  );
  await rows(
    conn.db,
    sql`INSERT INTO accounts (company_id, number, region, created_at)
        SELECT c.id, lpad(g::text, 12, '0'), '77', '2025-01-01'
          FROM generate_series(1, ${nAccounts}) g
          JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM companies WHERE contract_number LIKE 'B-%') c
            ON c.n = (g - 1) / ${perCompany} + 1`,
  );
  await rows(
    conn.db,
    sql`INSERT INTO services (company_id, account_id, tariff_id, kind, identifier, status, connected_at)
        SELECT a.company_id, a.id, t.id, 'telephony', '+7495' || a.number, 'active', '2025-06-01'
          FROM accounts a, tariffs t WHERE t.code = 'bench'`,
  );
  await rows(conn.db, sql`SELECT calls_ensure_partitions('2026-10-01', '2026-10-31')`);
  await rows(
    conn.db,
    sql`INSERT INTO calls (company_id, account_id, record_key, started_at, duration_sec, billable_sec, direction,
                           caller, callee, destination_type, cost)
        SELECT a.company_id, a.id, 'k' || g, '2026-10-01'::timestamptz + (g % 2592000) * interval '1 second',
               30 + g % 300, 60 * ceil((30 + g % 300) / 60.0), 'outgoing', '+74950000000', '+74951111111',
               (ARRAY['local', 'long_distance', 'international', 'mobile'])[1 + g % 4], 150 * ceil((30 + g % 300) / 60.0)
          FROM generate_series(1, ${nCalls}) g
          JOIN (SELECT id, company_id, row_number() OVER (ORDER BY id) - 1 AS n FROM accounts) a ON a.n = g % ${nAccounts}`,
  );
  await rows(conn.db, sql`VACUUM ANALYZE`);
  console.log(
    `setup: ${fmt(nAccounts, 0)} accounts, ${fmt(nCalls, 0)} calls in ${fmt((performance.now() - t0) / 1000)} s`,
  );

  const f0 = performance.now();
  await rows(
    conn.db,
    sql`SELECT account_id, destination_type, sum(cost), sum(billable_sec), count(*) FROM calls
         WHERE started_at >= '2026-10-01' AND started_at < '2026-11-01' GROUP BY 1, 2`,
  );
  const floor = (performance.now() - f0) / 1000;

  const ctx = {
    db: conn.db,
    principal: { type: "operator" as const, name: "bench" },
    config: defaultCoreConfig,
    keys: new KeyStore(conn.db),
    now: () => new Date("2026-11-01T03:00:00Z"),
    requestId: "bench",
    ip: null,
    userAgent: null,
    lang: "ru" as const,
  };
  const b0 = performance.now();
  const result = await runBilling({ ctx, input: { period: "2026-10", batchSize } });
  const total = (performance.now() - b0) / 1000;
  console.log(
    `floor (one SQL aggregate over the calls): ${fmt(floor, 2)} s, ${fmt(nCalls / floor, 0)} rows/s`,
  );
  console.log(
    `billing run: ${fmt(total, 2)} s for ${fmt(result.invoicesCreated, 0)} invoices — ${fmt(nCalls / total, 0)} call rows/s, ${fmt(result.invoicesCreated / total, 0)} invoices/s`,
  );
  console.log(
    `ratio to floor: ${fmt(total / floor, 1)}× (target ≤ 3×), under 2 min: ${total < 120 ? "yes" : "no"}`,
  );
  await conn.close();
}
