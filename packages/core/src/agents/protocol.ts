// The OSMP-style check/pay protocol (the QIWI provider protocol, as Sberbank Online, terminal
// networks and aggregators speak it): parameters in the query (GET) or a URL-encoded body (POST),
// an XML answer in UTF-8, always HTTP 200 with the outcome in <result>. docs/payment-agents.md.

import { dateTimeText } from "../time/format";
import { localDate, localInstant } from "../time/zone";

/** Result codes of the protocol. Anything but 0 and 1 is final: the agent does not retry it. */
export const RESULT = {
  ok: 0,
  /** Temporary error: the agent retries the same request later (safe: `pay` is idempotent). */
  temporary: 1,
  badAccountFormat: 4,
  accountNotFound: 5,
  /** Payment forbidden: the account is closed (or the agent is disabled). */
  forbidden: 7,
  amountTooSmall: 241,
  amountTooLarge: 242,
  other: 300,
} as const;
export type ResultCode = (typeof RESULT)[keyof typeof RESULT];

/** The comment that goes with each code (Russian: the agents' staff read it in their logs). */
export const RESULT_COMMENT: Record<ResultCode, string> = {
  0: "OK",
  1: "Временная ошибка, повторите запрос позже",
  4: "Неверный формат лицевого счёта",
  5: "Лицевой счёт не найден",
  7: "Приём платежа запрещён",
  241: "Сумма слишком мала",
  242: "Сумма слишком велика",
  300: "Другая ошибка",
};

/** One payment: at least 1 ₽, at most 1 000 000 ₽ (the operator's limit for cash and bank channels). */
export const AGENT_MIN_AMOUNT = 100;
export const AGENT_MAX_AMOUNT = 100_000_000;

/** The account number the agent sends: 12 digits (our personal-account format). */
export const ACCOUNT_RE = /^\d{12}$/;
/** The agent's transaction id: digits (OSMP ids are integers up to 20 digits); letters tolerated. */
export const TXN_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `100.50` → 10050 kopecks, exactly (string arithmetic, never a float). Accepts `100`, `100.5`,
 * `100.50`; refuses a comma, a sign, more than two decimals, or more than 12 integer digits.
 */
export function parseSum(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(raw.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** 10050 → `100.50`: how a sum is written back in <sum> and in registries. */
export function formatSum(kopecks: number): string {
  const k = Math.abs(kopecks);
  return `${kopecks < 0 ? "-" : ""}${Math.floor(k / 100)}.${String(k % 100).padStart(2, "0")}`;
}

// Agents write dates as wall-clock time of the operator's business time zone
// (`ctx.config.timeZone`, Europe/Moscow by default; ADR 0080) — never a fixed offset.

/**
 * `20261205143000` (wall-clock time in `tz`) → the instant; undefined if not a real date and time.
 * In a zone with daylight saving, a time in the autumn's repeated hour is its first occurrence.
 */
export function parseTxnDate(raw: string | undefined, tz: string): Date | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(raw.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  )
    return undefined;
  return localInstant({ year: y, month: mo, day: d, hour: h, minute: mi, second: s }, tz);
}

/** The business day (the operator's time zone) of an instant: `YYYY-MM-DD`. */
export const businessDay = (at: Date, tz: string): string => localDate(at, tz);

/** `05.12.2026 14:30` in the operator's time zone, for what a person reads. */
export const businessDateTime = (at: Date, tz: string): string => dateTimeText(at, tz);

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

export interface GatewayAnswer {
  osmpTxnId?: string | undefined;
  prvTxn?: number | undefined;
  sum?: number | undefined;
  result: ResultCode;
  comment?: string | undefined;
  /** Extra fields for the payer's screen (<fields><field1 name="…">…</field1>…). */
  fields?: { name: string; value: string }[] | undefined;
}

/** The XML answer. Element order as the protocol lists them; values escaped. */
export function answerXml(a: GatewayAnswer): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<response>"];
  if (a.osmpTxnId !== undefined) parts.push(`<osmp_txn_id>${escapeXml(a.osmpTxnId)}</osmp_txn_id>`);
  if (a.prvTxn !== undefined) parts.push(`<prv_txn>${a.prvTxn}</prv_txn>`);
  if (a.sum !== undefined) parts.push(`<sum>${formatSum(a.sum)}</sum>`);
  parts.push(`<result>${a.result}</result>`);
  parts.push(`<comment>${escapeXml(a.comment ?? RESULT_COMMENT[a.result])}</comment>`);
  if (a.fields?.length) {
    parts.push("<fields>");
    a.fields.forEach((f, n) => {
      parts.push(`<field${n + 1} name="${escapeXml(f.name)}">${escapeXml(f.value)}</field${n + 1}>`);
    });
    parts.push("</fields>");
  }
  parts.push("</response>");
  return parts.join("");
}
