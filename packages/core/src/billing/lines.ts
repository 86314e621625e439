import type { InvoiceLineKind } from "@lk/db";
import { splitByVat, type VatRate } from "../vat/index";
import type { Period } from "./period";
import { prorate } from "./prorate";

/** One active stretch of a service under one tariff (from service_tariff_history or the service). */
export interface ServiceInterval {
  serviceId: string;
  accountId: string;
  kind: string;
  identifier: string;
  tariffName: string;
  monthlyFee: number;
  start: Date;
  end: Date | null;
}

/** Calls of one account and destination type in the period, already rated at import. */
export interface CallSum {
  accountId: string;
  destinationType: string;
  cost: number;
  seconds: number;
  calls: number;
}

export interface DraftLine {
  kind: InvoiceLineKind;
  description: string;
  serviceId: string | null;
  destinationType: string | null;
  quantity: string;
  unit: string;
  periodFrom: string;
  periodTo: string;
  netAmount: number;
  vatRateBp: number;
  vatAmount: number;
  totalAmount: number;
}

const DESTINATIONS_RU: Record<string, string> = {
  local: "местные",
  long_distance: "междугородные",
  international: "международные",
  mobile: "на мобильные",
};

/** Lines with a VAT rate each; a line whose days straddle a rate change becomes one line per rate. */
function withVat(
  rates: VatRate[],
  base: Omit<DraftLine, "vatRateBp" | "vatAmount" | "totalAmount">,
): DraftLine[] {
  const parts = splitByVat(rates, base.periodFrom, base.periodTo, base.netAmount);
  return parts.map((p) => ({
    ...base,
    ...(parts.length > 1
      ? { periodFrom: p.from, periodTo: p.to, description: `${base.description}, ${p.from}–${p.to}` }
      : {}),
    netAmount: p.net,
    vatRateBp: p.rateBp,
    vatAmount: p.vat,
    totalAmount: p.net + p.vat,
  }));
}

/** The invoice lines of one account for a period: pro-rated fees and rent, then calls. */
export function computeLines(
  period: Period,
  intervals: ServiceInterval[],
  calls: CallSum[],
  rates: VatRate[],
): DraftLine[] {
  const lines: DraftLine[] = [];
  const sorted = [...intervals].sort(
    (a, b) => a.identifier.localeCompare(b.identifier) || a.start.getTime() - b.start.getTime(),
  );
  for (const s of sorted) {
    if (s.monthlyFee <= 0) continue;
    const p = prorate(s.monthlyFee, s.start, s.end, period);
    if (p.days === 0 || p.amount === 0) continue;
    const rent = s.kind === "equipment_rent";
    const what = rent ? "Аренда оборудования" : "Абонентская плата";
    const part = p.days === period.days ? "" : ` (${p.days} из ${period.days} дн.)`;
    lines.push(
      ...withVat(rates, {
        kind: rent ? "equipment_rent" : "fee",
        description: `${what} «${s.tariffName}», ${s.identifier}${part}`,
        serviceId: s.serviceId,
        destinationType: null,
        quantity: (p.days / period.days).toFixed(4),
        unit: "мес.",
        periodFrom: p.from,
        periodTo: p.to,
        netAmount: p.amount,
      }),
    );
  }
  const byType = [...calls].sort((a, b) => a.destinationType.localeCompare(b.destinationType));
  for (const c of byType) {
    if (c.cost <= 0) continue;
    lines.push(
      ...withVat(rates, {
        kind: "calls",
        description: `Телефонные соединения: ${DESTINATIONS_RU[c.destinationType] ?? c.destinationType} (${c.calls} шт.)`,
        serviceId: null,
        destinationType: c.destinationType,
        quantity: (c.seconds / 60).toFixed(4),
        unit: "мин",
        periodFrom: period.firstDay,
        periodTo: period.lastDay,
        netAmount: c.cost,
      }),
    );
  }
  return lines;
}

export const sumLines = (lines: DraftLine[]) =>
  lines.reduce(
    (s, l) => ({ net: s.net + l.netAmount, vat: s.vat + l.vatAmount, total: s.total + l.totalAmount }),
    { net: 0, vat: 0, total: 0 },
  );
