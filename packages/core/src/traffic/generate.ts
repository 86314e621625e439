import { type Queryable, rows, trafficDaily } from "@lk/db";
import { sql } from "drizzle-orm";

/**
 * Daily traffic for every internet service of a company over [from, to): a few GB a working day,
 * less at weekends, uploads a fraction of downloads. For demo data; existing days are kept.
 */
export async function generateTraffic(
  db: Queryable,
  companyId: string,
  from: Date,
  to: Date,
): Promise<number> {
  const svc = await rows<{ id: string; account_id: string }>(
    db,
    sql`SELECT id, account_id FROM services WHERE company_id = ${companyId} AND kind = 'internet' AND status <> 'disconnected'`,
  );
  const GB = 1024 ** 3;
  const values: (typeof trafficDaily.$inferInsert)[] = [];
  svc.forEach((s, k) => {
    const scale = 0.5 + ((k * 37) % 10) / 5;
    for (
      let d = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
      d < to.getTime();
      d += 86_400_000
    ) {
      const wd = new Date(d).getUTCDay();
      const base = (wd === 0 || wd === 6 ? 0.6 : 4) * scale * GB;
      const bytesIn = Math.round(base * (0.7 + Math.random() * 0.6));
      values.push({
        companyId,
        accountId: s.account_id,
        serviceId: s.id,
        day: new Date(d).toISOString().slice(0, 10),
        bytesIn,
        bytesOut: Math.round(bytesIn * (0.1 + Math.random() * 0.15)),
      });
    }
  });
  for (let i = 0; i < values.length; i += 1000) {
    await db
      .insert(trafficDaily)
      .values(values.slice(i, i + 1000))
      .onConflictDoNothing();
  }
  return values.length;
}
