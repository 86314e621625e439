import type { CallDirection, DestinationType, Rounding } from "@lk/db";
import { billableSeconds, rateCall } from "../tariffs/rating";
import type { CallRecord } from "./import/load";
import { classifyDestination } from "./numbers";

/** A telephony line the generator makes calls on. */
export interface GenLine {
  serviceId: string;
  companyId: string;
  accountId: string;
  number: string;
  rounding: Rounding;
  rates: Partial<Record<DestinationType, number>>;
}

export interface GenerateOptions {
  from: Date;
  to: Date;
  seed?: number;
  /** Prefix of the generated natural keys; differs per run so runs never collide. */
  keyPrefix?: string;
}

/** mulberry32: fast, seedable, good enough for demo data. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Relative call volume by Moscow hour: quiet nights, morning and afternoon peaks, lunch dip. */
const HOURS = [
  0.05, 0.02, 0.01, 0.01, 0.01, 0.02, 0.1, 0.3, 0.8, 1.4, 1.9, 2, 1.6, 1.3, 1.8, 1.9, 1.7, 1.3, 0.8, 0.4,
  0.25, 0.15, 0.1, 0.07,
];
const MIX: [DestinationType, number][] = [
  ["local", 0.45],
  ["mobile", 0.33],
  ["long_distance", 0.17],
  ["international", 0.05],
];
const CITIES = ["495", "812", "843", "343", "383", "861", "846", "863"];
const COUNTRIES = ["49", "375", "86", "90", "1", "33", "998", "7727"];
const MSK_OFFSET_H = 3;

function cumulative(weights: number[]): number[] {
  let s = 0;
  const c = weights.map((w) => (s += w));
  return c.map((x) => x / s);
}
const pick = (cum: number[], r: number) => {
  let i = 0;
  while (i < cum.length - 1 && cum[i]! < r) i++;
  return i;
};

/**
 * Realistic call detail records: numbers by destination type (a pool of frequent contacts makes
 * "top numbers" meaningful), weekday business-hours peaks, log-normal durations with a share of
 * short calls, a third of calls incoming. Rated with the line's tariff exactly as the import does.
 */
export function* generateCalls(lines: GenLine[], n: number, opts: GenerateOptions): Generator<CallRecord> {
  if (lines.length === 0 || n <= 0) return;
  const rnd = prng(opts.seed ?? 42);
  const prefix = opts.keyPrefix ?? `g${Date.now().toString(36)}`;
  const dayMs = 86_400_000;
  const firstDay = Math.floor(opts.from.getTime() / dayMs) * dayMs;
  const days: number[] = [];
  const dayWeights: number[] = [];
  for (let d = firstDay; d < opts.to.getTime(); d += dayMs) {
    const wd = new Date(d).getUTCDay();
    days.push(d);
    dayWeights.push(wd === 0 ? 0.15 : wd === 6 ? 0.25 : 1);
  }
  const dayCum = cumulative(dayWeights);
  const hourCum = cumulative(HOURS);
  const mixCum = cumulative(MIX.map((m) => m[1]));
  const digits = (k: number) => String(Math.floor(rnd() * 10 ** k)).padStart(k, "0");
  const remoteFor = (type: DestinationType, line: GenLine) => {
    const area = line.number.startsWith("+7") ? line.number.slice(2, 5) : "495";
    if (type === "local") return `+7${area}${digits(7)}`;
    if (type === "mobile") return `+79${digits(9)}`;
    if (type === "long_distance") {
      const others = CITIES.filter((c) => c !== area);
      return `+7${others[Math.floor(rnd() * others.length)]}${digits(7)}`;
    }
    const cc = COUNTRIES[Math.floor(rnd() * COUNTRIES.length)]!;
    return `+${cc}${digits(12 - cc.length)}`;
  };
  // Frequent contacts: 40 % of calls go to 200 numbers (suppliers, branches, the boss's mobile).
  const contacts = Array.from({ length: 200 }, () => {
    const line = lines[Math.floor(rnd() * lines.length)]!;
    return remoteFor(MIX[pick(mixCum, rnd())]![0], line);
  });

  for (let i = 0; i < n; i++) {
    const line = lines[Math.floor(lines.length * rnd() ** 2)]!;
    let started = 0;
    do {
      const day = days[pick(dayCum, rnd())]!;
      const hourUtc = pick(hourCum, rnd()) - MSK_OFFSET_H;
      started = day + hourUtc * 3_600_000 + Math.floor(rnd() * 3600) * 1000;
    } while (started < opts.from.getTime() || started >= opts.to.getTime());
    const remote =
      rnd() < 0.4
        ? contacts[Math.floor(rnd() ** 2 * contacts.length)]!
        : remoteFor(MIX[pick(mixCum, rnd())]![0], line);
    const direction: CallDirection = rnd() < 0.35 ? "incoming" : "outgoing";
    // Log-normal around 100 s (Box–Muller), a tenth of calls a few seconds long, capped at 2 h.
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const durationSec =
      rnd() < 0.1
        ? 1 + Math.floor(rnd() * 15)
        : Math.min(7200, Math.round(Math.exp(Math.log(100) + 0.9 * z)));
    const destinationType = classifyDestination(line.number, remote);
    const outgoing = direction === "outgoing";
    yield {
      companyId: line.companyId,
      accountId: line.accountId,
      serviceId: line.serviceId,
      recordKey: `${prefix}:${i}`,
      startedAt: new Date(started),
      durationSec,
      billableSec: outgoing ? billableSeconds(durationSec, line.rounding) : 0,
      direction,
      caller: outgoing ? line.number : remote,
      callee: outgoing ? remote : line.number,
      destinationType,
      cost: outgoing ? rateCall(durationSec, line.rates[destinationType] ?? 0, line.rounding) : 0,
    };
  }
}
