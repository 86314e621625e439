import iconv from "iconv-lite";
import {
  naturalKey,
  type ParsedStatement,
  parseRubles,
  parseRuDate,
  type StatementDocument,
  StatementFormatError,
  type UnreadableDocument,
} from "./types";

const INN = /^\d{10}(\d{2})?$/;

const HEADER = "1CClientBankExchange";
const ENCODINGS = { Windows: "win1251", DOS: "cp866", "UTF-8": "utf8", UTF8: "utf8" } as const;
type Enc = (typeof ENCODINGS)[keyof typeof ENCODINGS];

/** The file starts like a 1C exchange file (the header is ASCII in every encoding). */
export const looks1c = (buf: Buffer) => {
  const start = buf
    .subarray(0, 64)
    .toString("latin1")
    .replace(/^\uFEFF|^ï»¿/, "");
  return start.trimStart().startsWith(HEADER);
};

/**
 * Which encoding the bytes are really in: the one that decodes the word «Кодировка» of the header
 * (its bytes differ in UTF-8, windows-1251 and cp866). Null when none does.
 */
function actualEncoding(buf: Buffer): Enc | null {
  const head = buf.subarray(0, 4096);
  for (const enc of ["utf8", "win1251", "cp866"] as const)
    if (iconv.decode(head, enc).includes("Кодировка=")) return enc;
  return null;
}

/**
 * Reads a 1C «Клиент банка» exchange file (1CClientBankExchange 1.02/1.03): the encoding named by
 * `Кодировка=` (Windows → windows-1251, DOS → cp866, or UTF-8) must be the one the bytes are in;
 * the file must end with КонецФайла and every СекцияДокумент with КонецДокумента. Any of these
 * wrong throws StatementFormatError naming the line. A document whose own fields are unreadable
 * (amount, date, number) is listed in `unreadable` with its line; the others are returned.
 * Only credits to `ownAccounts` (ПолучательСчет) are kept.
 */
export function parse1c(buf: Buffer, ownAccounts: Set<string>): ParsedStatement {
  if (!looks1c(buf)) throw new StatementFormatError(1, `the file does not start with ${HEADER}`);
  const enc = actualEncoding(buf);
  if (!enc) throw new StatementFormatError(1, "no Кодировка= line readable in windows-1251, cp866 or UTF-8");
  const text = iconv.decode(buf, enc).replace(/^\uFEFF/, "");
  // Bytes the encoding cannot read: one search of the whole text (not one per line), then the
  // line it is on. A 100 000-document statement is 1.4 million lines.
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0)
    throw new StatementFormatError(
      lineAt(text, bad),
      `bytes that are not ${enc === "utf8" ? "UTF-8" : enc} (wrong encoding?)`,
    );
  // Split on \n alone (trim() takes the \r of CRLF): a string separator, not a regular expression.
  const lines = text.split("\n");
  let declared: Enc | null = null;
  let version: string | null = null;
  let ended = false;
  const documents: StatementDocument[] = [];
  const unreadable: UnreadableDocument[] = [];
  let skipped = 0;
  let doc: { line: number; kind: string; f: Map<string, string> } | null = null;
  for (let i = 1; i < lines.length; i++) {
    const no = i + 1;
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    if (ended) throw new StatementFormatError(no, "text after КонецФайла");
    const eq = raw.indexOf("=");
    const key = eq < 0 ? raw : raw.slice(0, eq);
    const value = eq < 0 ? "" : raw.slice(eq + 1).trim();
    if (doc) {
      if (key === "КонецДокумента") {
        const r = readDocument(doc.line, doc.kind, doc.f, ownAccounts);
        if (r === "skip") skipped++;
        else if ("message" in r) unreadable.push(r);
        else documents.push(r);
        doc = null;
      } else if (key === "СекцияДокумент" || key === "КонецФайла" || key === "СекцияРасчСчет")
        throw new StatementFormatError(
          doc.line,
          `СекцияДокумент without КонецДокумента (line ${no}: ${key})`,
        );
      else doc.f.set(key, value);
      continue;
    }
    switch (key) {
      case "ВерсияФормата":
        version = value;
        if (!["1.01", "1.02", "1.03"].includes(value))
          throw new StatementFormatError(no, `ВерсияФормата=${value}: 1.02 or 1.03 expected`);
        break;
      case "Кодировка": {
        declared = (ENCODINGS as Record<string, Enc>)[value] ?? null;
        if (!declared)
          throw new StatementFormatError(no, `Кодировка=${value}: Windows, DOS or UTF-8 expected`);
        if (declared !== enc)
          throw new StatementFormatError(
            no,
            `Кодировка=${value} but the file is in ${enc === "win1251" ? "windows-1251" : enc === "cp866" ? "cp866 (DOS)" : "UTF-8"}`,
          );
        break;
      }
      case "СекцияДокумент":
        doc = { line: no, kind: value, f: new Map() };
        break;
      case "КонецФайла":
        ended = true;
        break;
      default:
        // Header fields, СекцияРасчСчет … КонецРасчСчет (balances), 1.03's extra fields: not needed.
        break;
    }
  }
  if (!version) throw new StatementFormatError(2, "no ВерсияФормата in the header");
  if (!declared) throw new StatementFormatError(3, "no Кодировка in the header");
  if (doc)
    throw new StatementFormatError(doc.line, "the file is cut short: СекцияДокумент without КонецДокумента");
  if (!ended) throw new StatementFormatError(lines.length, "the file is cut short: no КонецФайла");
  return { format: "1c", documents, unreadable, skipped };
}

/** The 1-based line of the text at `index`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function readDocument(
  line: number,
  kind: string,
  f: Map<string, string>,
  own: Set<string>,
): StatementDocument | UnreadableDocument | "skip" {
  const recipientAccount = f.get("ПолучательСчет") || f.get("ПолучательРасчСчет") || "";
  if (!own.has(recipientAccount)) return "skip";
  const number = f.get("Номер") ?? "";
  if (!number) return { line, message: "no Номер" };
  const date = parseRuDate(f.get("Дата") ?? "");
  if (!date) return { line, message: `Дата=${f.get("Дата") ?? ""}: DD.MM.YYYY expected` };
  const amount = parseRubles(f.get("Сумма") ?? "");
  if (amount === null || amount <= 0)
    return { line, message: `Сумма=${f.get("Сумма") ?? ""}: a positive amount expected` };
  const received = f.get("ДатаПоступило") ? parseRuDate(f.get("ДатаПоступило")!) : null;
  const payerAccount = f.get("ПлательщикСчет") || f.get("ПлательщикРасчСчет") || null;
  // НазначениеПлатежа, or its parts НазначениеПлатежа1…6 in older exports.
  const purpose =
    f.get("НазначениеПлатежа") ||
    [1, 2, 3, 4, 5, 6]
      .map((n) => f.get(`НазначениеПлатежа${n}`) ?? "")
      .filter(Boolean)
      .join(" ");
  return {
    line,
    naturalKey: naturalKey(payerAccount, number, date, amount),
    kind,
    number,
    date,
    receivedOn: received,
    amount,
    payerName: f.get("Плательщик1") || f.get("Плательщик") || null,
    // As camt.053 reads it: an INN is 10 or 12 digits; anything else is no INN (the document goes
    // by its purpose, or to the queue), never a lookup key.
    payerInn: INN.test(f.get("ПлательщикИНН") ?? "") ? f.get("ПлательщикИНН")! : null,
    payerKpp: f.get("ПлательщикКПП") || null,
    payerAccount,
    recipientAccount,
    purpose,
  };
}
