import { invalidField } from "../errors/index";

/** A billing period: a calendar month in UTC, `from` inclusive and `to` exclusive. */
export interface Period {
  id: string;
  year: number;
  month: number;
  from: Date;
  to: Date;
  days: number;
  firstDay: string;
  lastDay: string;
}

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(id: string, field = "period"): Period {
  const m = PERIOD_RE.exec(id);
  if (!m) {
    throw invalidField(field, "invalid_period", {
      ru: "Период в формате ГГГГ-ММ",
      en: "Period as YYYY-MM",
    });
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const from = new Date(Date.UTC(year, month - 1, 1));
  const to = new Date(Date.UTC(year, month, 1));
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  return {
    id,
    year,
    month,
    from,
    to,
    days,
    firstDay: from.toISOString().slice(0, 10),
    lastDay: new Date(to.getTime() - 86_400_000).toISOString().slice(0, 10),
  };
}

export const periodOf = (d: Date) => d.toISOString().slice(0, 7);
export const shiftPeriod = (id: string, months: number) => {
  const p = parsePeriod(id);
  return periodOf(new Date(Date.UTC(p.year, p.month - 1 + months, 1)));
};

const MONTHS_RU = [
  "январь",
  "февраль",
  "март",
  "апрель",
  "май",
  "июнь",
  "июль",
  "август",
  "сентябрь",
  "октябрь",
  "ноябрь",
  "декабрь",
];
/** «октябрь 2026» */
export const periodNameRu = (id: string) => {
  const p = parsePeriod(id);
  return `${MONTHS_RU[p.month - 1]} ${p.year}`;
};

/** 2026-10-31 → 31.10.2026 */
export const dateRu = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
