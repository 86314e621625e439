import { parse } from "csv-parse/sync";
import { AppError } from "../errors/index";
import { localMidnight } from "../time/zone";
import { businessDay, formatSum, parseSum, parseTxnDate, TXN_ID_RE } from "./protocol";

// The agent's daily registry (docs/payment-agents.md, «Registry CSV»): UTF-8 (a BOM is fine), `;`
// or `,` between fields, a header line naming the columns `txn_id`, `txn_date`, `account`, `sum`
// in any order (other columns are ignored): the agent's transaction id, when it took the money
// (YYYYMMDDHHMMSS or `YYYY-MM-DD HH:MM:SS`, the operator's time zone), the 12-digit account and the sum in
// rubles with a dot (`100.50`).

export interface RegistryLine {
  lineNo: number;
  txnId: string;
  txnDate: Date;
  accountNumber: string;
  amount: number;
}

export const REGISTRY_COLUMNS = ["txn_id", "txn_date", "account", "sum"] as const;

const badFile = (line: number | null, ru: string, en: string) =>
  new AppError(
    400,
    "invalid_registry",
    line === null ? { ru, en } : { ru: `Строка ${line}: ${ru}`, en: `Line ${line}: ${en}` },
    { fields: [{ field: "file", code: "invalid_registry", message: { ru, en } }] },
  );

/** `2026-12-05 14:30:00` or `20261205143000` (the operator's time zone `tz`) → the instant. */
function parseDate(raw: string, tz: string): Date | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(raw.trim());
  return parseTxnDate(iso ? iso.slice(1).join("") : raw, tz);
}

/**
 * The whole file or nothing: any bad line is a 400 naming its line number, so a registry is never
 * half-loaded (fix the file and upload it again).
 */
export function parseRegistry(text: string, tz: string): RegistryLine[] {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: [";", ","],
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? null;
    throw badFile(line, "файл не читается как CSV", "the file is not readable as CSV");
  }
  if (records.length === 0) throw badFile(null, "пустой файл", "the file is empty");
  const header = records[0]!.map((h) => h.toLowerCase());
  const idx = Object.fromEntries(REGISTRY_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof REGISTRY_COLUMNS)[number],
    number
  >;
  const missing = REGISTRY_COLUMNS.filter((c) => idx[c] < 0);
  if (missing.length)
    throw badFile(1, `нет столбцов ${missing.join(", ")}`, `missing columns ${missing.join(", ")}`);
  const seen = new Set<string>();
  return records.slice(1).map((r, n) => {
    const lineNo = n + 2;
    const txnId = r[idx.txn_id] ?? "";
    if (!TXN_ID_RE.test(txnId)) throw badFile(lineNo, "неверный txn_id", "bad txn_id");
    if (seen.has(txnId)) throw badFile(lineNo, `txn_id ${txnId} повторяется`, `txn_id ${txnId} repeats`);
    seen.add(txnId);
    const txnDate = parseDate(r[idx.txn_date] ?? "", tz);
    if (!txnDate) throw badFile(lineNo, "неверная дата (ГГГГММДДччммсс)", "bad txn_date (YYYYMMDDHHMMSS)");
    const accountNumber = (r[idx.account] ?? "").trim();
    if (!/^\d{12}$/.test(accountNumber))
      throw badFile(lineNo, "лицевой счёт — 12 цифр", "the account is 12 digits");
    const amount = parseSum(r[idx.sum]);
    if (amount === undefined || amount <= 0)
      throw badFile(lineNo, "неверная сумма (например, 100.50)", "bad sum (e.g. 100.50)");
    return { lineNo, txnId, txnDate, accountNumber, amount };
  });
}

/** The registry's business day: the one given, else the one day all its lines fall on. */
export function registryDay(lines: RegistryLine[], given: string | undefined, tz: string): string {
  if (given !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(given) || Number.isNaN(Date.parse(`${given}T00:00:00Z`)))
      throw new AppError(
        400,
        "validation_failed",
        { ru: "Дата — ГГГГ-ММ-ДД", en: "Date is YYYY-MM-DD" },
        {
          fields: [
            {
              field: "date",
              code: "invalid_date",
              message: { ru: "Дата — ГГГГ-ММ-ДД", en: "Date is YYYY-MM-DD" },
            },
          ],
        },
      );
    return given;
  }
  const days = [...new Set(lines.map((l) => businessDay(l.txnDate, tz)))];
  if (days.length !== 1)
    throw new AppError(
      400,
      "validation_failed",
      { ru: "Укажите дату реестра", en: "Give the registry's date" },
      {
        fields: [
          {
            field: "date",
            code: "registry_date_required",
            message: {
              ru: "Строки реестра относятся к разным дням (или их нет): укажите дату",
              en: "The registry's lines span several days (or none): give its date",
            },
          },
        ],
      },
    );
  return days[0]!;
}

/** [start, end) of a business day in `tz`, as instants (23 or 25 hours where clocks change). */
export function dayBounds(day: string, tz: string): [Date, Date] {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return [localMidnight(y, m, d, tz), localMidnight(y, m, d + 1, tz)];
}

/** A CSV cell: quoted when it has a separator, a quote or a line break. */
const cell = (v: string) => (/[;"\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return `${[header, ...rows].map((r) => r.map((v) => cell(v === null ? "" : String(v))).join(";")).join("\r\n")}\r\n`;
}

export { formatSum };
