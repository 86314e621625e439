import { type DestinationType, type Queryable, type Rounding, rows } from "@lk/db";
import { sql } from "drizzle-orm";

/** A tariff's pricing: how it rounds and its per-minute rates by destination type (kopecks). */
export interface LineTariff {
  rounding: Rounding;
  rates: Partial<Record<DestinationType, number>>;
}

/** A tariff the service was on from `from` until `to` (service_tariff_history, ADR 0011). */
export interface TariffPeriod extends LineTariff {
  from: Date;
  to: Date | null;
}

/** A telephony service a call is billed to, with its current tariff and its tariff history. */
export interface PhoneLine extends LineTariff {
  serviceId: string;
  companyId: string;
  accountId: string;
  identifier: string;
  since: Date;
  until: Date | null;
  disconnected: boolean;
  history: TariffPeriod[];
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
  rates: RatesJson;
  history: { from: string; to: string | null; rounding: Rounding; rates: RatesJson }[] | string | null;
};
type RatesJson = Partial<Record<DestinationType, number | string>> | string | null;

const parseRates = (r: RatesJson): Partial<Record<DestinationType, number>> => {
  const obj = typeof r === "string" ? JSON.parse(r) : (r ?? {});
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, Number(v)]));
};

/** The telephony services known by these numbers (one query for a whole import batch). */
export async function loadPhoneLines(db: Queryable, numbers: string[]): Promise<Map<string, PhoneLine[]>> {
  const out = new Map<string, PhoneLine[]>();
  if (numbers.length === 0) return out;
  const found = await rows<LineRow>(
    db,
    sql`SELECT s.id AS service_id, s.company_id, s.account_id, s.identifier,
          coalesce(s.connected_at, s.created_at) AS since, s.disconnected_at AS until, s.status, t.rounding,
          (SELECT json_object_agg(r.destination_type, r.per_minute) FROM tariff_rates r WHERE r.tariff_id = s.tariff_id) AS rates,
          (SELECT json_agg(json_build_object('from', h.valid_from, 'to', h.valid_to, 'rounding', ht.rounding,
                    'rates', (SELECT json_object_agg(r.destination_type, r.per_minute) FROM tariff_rates r WHERE r.tariff_id = h.tariff_id)))
             FROM service_tariff_history h JOIN tariffs ht ON ht.id = h.tariff_id
            WHERE h.service_id = s.id AND h.company_id = s.company_id) AS history
        FROM services s JOIN tariffs t ON t.id = s.tariff_id
        WHERE s.kind = 'telephony' AND s.identifier = ANY(string_to_array(${numbers.join(",")}, ','))`,
  );
  for (const r of found) {
    const history = (typeof r.history === "string" ? JSON.parse(r.history) : (r.history ?? [])) as Exclude<
      LineRow["history"],
      string | null
    >;
    const line: PhoneLine = {
      serviceId: r.service_id,
      companyId: r.company_id,
      accountId: r.account_id,
      identifier: r.identifier,
      since: new Date(r.since),
      until: r.until ? new Date(r.until) : null,
      disconnected: r.status === "disconnected",
      rounding: r.rounding,
      rates: parseRates(r.rates),
      history: history.map((h) => ({
        from: new Date(h.from),
        to: h.to ? new Date(h.to) : null,
        rounding: h.rounding,
        rates: parseRates(h.rates),
      })),
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

/**
 * The tariff a call made at `at` is priced by: the history interval that covers it (a tariff
 * changed mid-month prices each call by the tariff of its day), else the current tariff — for
 * services without history rows, and calls outside every recorded interval.
 */
export function tariffAt(line: PhoneLine, at: Date): LineTariff {
  const t = at.getTime();
  return line.history.find((h) => h.from.getTime() <= t && (!h.to || h.to.getTime() > t)) ?? line;
}
