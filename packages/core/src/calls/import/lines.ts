import { type DestinationType, type Queryable, type Rounding, rows } from "@lk/db";
import { sql } from "drizzle-orm";

/** A telephony service a call is billed to, with its tariff's rates. */
export interface PhoneLine {
  serviceId: string;
  companyId: string;
  accountId: string;
  identifier: string;
  since: Date;
  until: Date | null;
  disconnected: boolean;
  rounding: Rounding;
  rates: Partial<Record<DestinationType, number>>;
}

type LineRow = {
  service_id: string;
  company_id: string;
  account_id: string;
  identifier: string;
  since: string | Date;
  until: string | Date | null;
  status: string;
  rounding: Rounding;
  rates: Partial<Record<DestinationType, number | string>> | string | null;
};

/** The telephony services known by these numbers (one query for a whole import batch). */
export async function loadPhoneLines(db: Queryable, numbers: string[]): Promise<Map<string, PhoneLine[]>> {
  const out = new Map<string, PhoneLine[]>();
  if (numbers.length === 0) return out;
  const found = await rows<LineRow>(
    db,
    sql`SELECT s.id AS service_id, s.company_id, s.account_id, s.identifier,
          coalesce(s.connected_at, s.created_at) AS since, s.disconnected_at AS until, s.status, t.rounding,
          (SELECT json_object_agg(r.destination_type, r.per_minute) FROM tariff_rates r WHERE r.tariff_id = s.tariff_id) AS rates
        FROM services s JOIN tariffs t ON t.id = s.tariff_id
        WHERE s.kind = 'telephony' AND s.identifier = ANY(string_to_array(${numbers.join(",")}, ','))`,
  );
  for (const r of found) {
    const rates = typeof r.rates === "string" ? JSON.parse(r.rates) : (r.rates ?? {});
    const line: PhoneLine = {
      serviceId: r.service_id,
      companyId: r.company_id,
      accountId: r.account_id,
      identifier: r.identifier,
      since: new Date(r.since),
      until: r.until ? new Date(r.until) : null,
      disconnected: r.status === "disconnected",
      rounding: r.rounding,
      rates: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Number(v)])),
    };
    out.set(r.identifier, [...(out.get(r.identifier) ?? []), line]);
  }
  return out;
}

/** The service that had this number when the call was made (numbers get reassigned). */
export function lineAt(candidates: PhoneLine[] | undefined, at: Date): PhoneLine | null {
  if (!candidates?.length) return null;
  const t = at.getTime();
  return (
    candidates.find((l) => l.since.getTime() <= t && (!l.until || l.until.getTime() > t)) ??
    candidates.find((l) => !l.disconnected) ??
    null
  );
}
