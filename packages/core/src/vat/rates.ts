import { type Queryable, vatRates } from "@lk/db";
import { asc } from "drizzle-orm";

/** A VAT rate and the days it applies to (ISO dates, `to` inclusive, null = open-ended). */
export interface VatRate {
  from: string;
  to: string | null;
  rateBp: number;
}

/** The rate table is tiny and changes by law, not by request: load it once per run or request. */
export async function loadVatRates(db: Queryable): Promise<VatRate[]> {
  const rows = await db.select().from(vatRates).orderBy(asc(vatRates.validFrom));
  return rows.map((r) => ({ from: r.validFrom, to: r.validTo, rateBp: r.rateBp }));
}

/** The rate valid on a day (YYYY-MM-DD). No rate is a configuration error, not a client one. */
export function vatRateOn(rates: VatRate[], day: string): number {
  const r = rates.find((x) => x.from <= day && (x.to === null || day <= x.to));
  if (!r) throw new Error(`no VAT rate for ${day}`);
  return r.rateBp;
}

/** VAT on a net amount, rounded half-up to the kopeck (away from zero for negatives). */
export function vatOf(net: number, rateBp: number): number {
  const sign = net < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(net) * rateBp + 5000) / 10000);
}

/** The VAT included in a gross amount (for a payment invoice's "в т.ч. НДС"), half-up. */
export function vatIncluded(gross: number, rateBp: number): number {
  const sign = gross < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(gross) * rateBp * 2 + (10000 + rateBp)) / (2 * (10000 + rateBp)));
}

export interface VatPart {
  from: string;
  to: string;
  days: number;
  rateBp: number;
  net: number;
  vat: number;
}

const DAY = 86_400_000;
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Splits a line's net amount over the VAT rates valid during its service days [from, to]
 * (inclusive), in proportion to days; the last part takes the rounding remainder so the parts
 * always sum to the net. A line inside one rate's validity comes back as one part.
 */
export function splitByVat(rates: VatRate[], from: string, to: string, net: number): VatPart[] {
  const start = msOf(from);
  const end = msOf(to);
  if (end < start) throw new Error(`bad line period ${from}..${to}`);
  const total = Math.round((end - start) / DAY) + 1;
  // Most lines lie within one rate: ISO dates compare as strings, no walk over the days needed.
  const whole = rates.find((x) => x.from <= from && (x.to === null || to <= x.to));
  if (whole) return [{ from, to, days: total, rateBp: whole.rateBp, net, vat: vatOf(net, whole.rateBp) }];
  const parts: { from: string; to: string; days: number; rateBp: number }[] = [];
  let cursor = start;
  while (cursor <= end) {
    const day = toDay(cursor);
    const rate = rates.find((x) => x.from <= day && (x.to === null || day <= x.to));
    if (!rate) throw new Error(`no VAT rate for ${day}`);
    const partEnd = rate.to === null ? end : Math.min(end, msOf(rate.to));
    parts.push({
      from: day,
      to: toDay(partEnd),
      days: Math.round((partEnd - cursor) / DAY) + 1,
      rateBp: rate.rateBp,
    });
    cursor = partEnd + DAY;
  }
  let left = net;
  return parts.map((p, i) => {
    const partNet =
      i === parts.length - 1
        ? left
        : Math.sign(net) * Math.floor((Math.abs(net) * p.days * 2 + total) / (2 * total));
    left -= partNet;
    return { ...p, net: partNet, vat: vatOf(partNet, p.rateBp) };
  });
}
