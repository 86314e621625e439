import { randomInt } from "node:crypto";
import { accounts, companies, type Database, type Queryable, rows, services } from "@lk/db";
import { eq, sql } from "drizzle-orm";
import { notFound } from "../errors/index";
import { seedTariffCatalogue } from "../services/catalogue";
import { recordServicePeriod } from "../services/history";
import { type GenLine, generateCalls } from "./generate";
import { loadCalls } from "./import/load";

/** The company's telephony lines with their tariffs; creates one per account if it has none. */
export async function ensureTelephonyLines(db: Queryable, companyId: string, now: Date): Promise<GenLine[]> {
  const load = () =>
    rows<{
      service_id: string;
      account_id: string;
      identifier: string;
      rounding: GenLine["rounding"];
      rates: unknown;
    }>(
      db,
      sql`SELECT s.id AS service_id, s.account_id, s.identifier, t.rounding,
            (SELECT json_object_agg(r.destination_type, r.per_minute) FROM tariff_rates r WHERE r.tariff_id = s.tariff_id) AS rates
          FROM services s JOIN tariffs t ON t.id = s.tariff_id
          WHERE s.company_id = ${companyId} AND s.kind = 'telephony' AND s.status <> 'disconnected'
          ORDER BY s.identifier`,
    );
  let found = await load();
  if (found.length === 0) {
    const tariffIds = await seedTariffCatalogue(db);
    const tariffId = tariffIds.get("tel-minute")!;
    const accs = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.companyId, companyId));
    for (const a of accs) {
      const [s] = await db
        .insert(services)
        .values({
          companyId,
          accountId: a.id,
          tariffId,
          kind: "telephony",
          identifier: `+7495${randomInt(1_000_000, 9_999_999)}`,
          status: "active",
          connectedAt: now,
          createdAt: now,
        })
        .returning({ id: services.id });
      await recordServicePeriod(db, { companyId, serviceId: s!.id, tariffId, status: "active" }, now);
    }
    found = await load();
  }
  return found.map((r) => {
    const rates = (typeof r.rates === "string" ? JSON.parse(r.rates) : (r.rates ?? {})) as Record<
      string,
      unknown
    >;
    return {
      serviceId: r.service_id,
      companyId,
      accountId: r.account_id,
      number: r.identifier,
      rounding: r.rounding,
      rates: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Number(v)])),
    };
  });
}

export interface SeedCallsOptions {
  /** The company by INN (or `companyId`). */
  inn?: string;
  companyId?: string;
  /** How many months back from `now` the calls spread over. Default 3. */
  months?: number;
  now?: Date;
  seed?: number;
  onProgress?: (inserted: number) => void;
}

const BATCH = 50_000;

/**
 * Generates `n` realistic call records for a company (demo data, benchmarks) and loads them by
 * COPY, creating telephony services and monthly partitions as needed. `lk seed-calls` runs this.
 */
export async function seedCalls(db: Database, n: number, opts: SeedCallsOptions = {}) {
  const now = opts.now ?? new Date();
  const [company] = await db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(opts.companyId ? eq(companies.id, opts.companyId) : eq(companies.inn, opts.inn ?? ""));
  if (!company) throw notFound({ ru: "Компания", en: "Company" }, "company_not_found");
  const lines = await ensureTelephonyLines(db, company.id, now);
  const to = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const from = new Date(to);
  from.setUTCMonth(from.getUTCMonth() - (opts.months ?? 3));
  const knownMonths = new Set<string>();
  let inserted = 0;
  let batch = [];
  for (const call of generateCalls(lines, n, {
    from,
    to,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  })) {
    batch.push(call);
    if (batch.length === BATCH) {
      inserted += await loadCalls(db, batch, { direct: true, knownMonths });
      opts.onProgress?.(inserted);
      batch = [];
    }
  }
  inserted += await loadCalls(db, batch, { direct: true, knownMonths });
  opts.onProgress?.(inserted);
  return { companyId: company.id, companyName: company.name, inserted, lines: lines.length, from, to };
}
