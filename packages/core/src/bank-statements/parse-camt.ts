import { XMLParser, XMLValidator } from "fast-xml-parser";
import {
  naturalKey,
  type ParsedStatement,
  parseRubles,
  type StatementDocument,
  StatementFormatError,
  type UnreadableDocument,
} from "./types";

/** The file looks like XML (camt.053 is the only XML statement we read). */
export const looksXml = (buf: Buffer) => /^\s*(\uFEFF)?</.test(buf.subarray(0, 64).toString("utf8"));

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] =>
  (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]) as Node[];
const at = (n: unknown, ...path: string[]): unknown => {
  let cur = n;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Node)[p];
  }
  return cur;
};
const text = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v === "object") return text((v as Node)["#text"]);
  const s = String(v).trim();
  return s === "" ? null : s;
};
/** An account's id: IBAN or Othr/Id (Russian accounts are Othr). */
const accountId = (acct: unknown) => text(at(acct, "Id", "Othr", "Id")) ?? text(at(acct, "Id", "IBAN"));

/**
 * Reads an ISO 20022 camt.053 (BankToCustomerStatement) file: every Stmt whose account is one of
 * `ownAccounts`, every booked credit entry (CdtDbtInd=CRDT) and each of its transactions (TxDtls;
 * an entry without details is one transaction). Broken XML or a file that is not camt.053 throws
 * StatementFormatError naming the line; an unreadable entry is listed with its line.
 *
 * The document's natural key is the one of the 1C format when the bank gives the payment order's
 * number (Refs/EndToEndId, else InstrId): payer's account, number, date, amount — so the same
 * payment loaded in both formats is credited once; else the bank's own reference (AcctSvcrRef).
 */
export function parseCamt053(buf: Buffer, ownAccounts: Set<string>): ParsedStatement {
  const xml = buf.toString("utf8").replace(/^\uFEFF/, "");
  if (xml.includes("\uFFFD")) {
    const line = xml.slice(0, xml.indexOf("\uFFFD")).split("\n").length;
    throw new StatementFormatError(line, "bytes that are not UTF-8 (wrong encoding?)");
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new StatementFormatError(valid.err.line, `broken XML: ${valid.err.msg}`);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    removeNSPrefix: true,
    parseTagValue: false,
    isArray: (name) => ["Stmt", "Ntry", "TxDtls", "NtryDtls", "Ustrd"].includes(name),
  }).parse(xml) as Node;
  const root = at(doc, "Document", "BkToCstmrStmt");
  if (!root) throw new StatementFormatError(1, "not a camt.053 file: no Document/BkToCstmrStmt");
  // Line numbers of the <Ntry> elements, in document order (the parser keeps none).
  const entryLines: number[] = [];
  const re = /<(?:\w+:)?Ntry[\s>]/g;
  let pos = 0;
  let line = 1;
  for (const m of xml.matchAll(re)) {
    for (; pos < m.index; pos++) if (xml.charCodeAt(pos) === 10) line++;
    entryLines.push(line);
  }
  let entryNo = 0;
  const documents: StatementDocument[] = [];
  const unreadable: UnreadableDocument[] = [];
  let skipped = 0;
  for (const stmt of list(at(root, "Stmt"))) {
    const own = accountId(at(stmt, "Acct"));
    for (const ntry of list(at(stmt, "Ntry"))) {
      const ln = entryLines[entryNo++] ?? 1;
      if (!own || !ownAccounts.has(own) || text(at(ntry, "CdtDbtInd")) !== "CRDT") {
        skipped++;
        continue;
      }
      const status = text(at(ntry, "Sts", "Cd")) ?? text(at(ntry, "Sts"));
      if (status && status !== "BOOK") {
        skipped++;
        continue;
      }
      const date = (text(at(ntry, "BookgDt", "Dt")) ?? text(at(ntry, "BookgDt", "DtTm")) ?? "").slice(0, 10);
      const valueDate = (text(at(ntry, "ValDt", "Dt")) ?? "").slice(0, 10) || null;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        unreadable.push({ line: ln, message: "no BookgDt/Dt (YYYY-MM-DD)" });
        continue;
      }
      const txs = list(at(ntry, "NtryDtls")).flatMap((d) => list(at(d, "TxDtls")));
      for (const tx of txs.length ? txs : [{} as Node]) {
        const amtText = text(at(tx, "Amt")) ?? text(at(ntry, "Amt"));
        const amount = amtText ? parseRubles(amtText) : null;
        if (amount === null || amount <= 0) {
          unreadable.push({ line: ln, message: `Amt=${amtText ?? ""}: a positive amount expected` });
          continue;
        }
        const ccy = text(at(tx, "Amt", "@Ccy")) ?? text(at(ntry, "Amt", "@Ccy"));
        if (ccy && ccy !== "RUB" && ccy !== "RUR") {
          unreadable.push({ line: ln, message: `currency ${ccy}: only RUB is credited` });
          continue;
        }
        const e2e = text(at(tx, "Refs", "EndToEndId"));
        const number = (e2e && e2e !== "NOTPROVIDED" ? e2e : null) ?? text(at(tx, "Refs", "InstrId"));
        const ref = text(at(tx, "Refs", "AcctSvcrRef")) ?? text(at(ntry, "AcctSvcrRef"));
        if (!number && !ref) {
          unreadable.push({
            line: ln,
            message: "no EndToEndId, InstrId or AcctSvcrRef to identify the payment",
          });
          continue;
        }
        const payerAccount = accountId(at(tx, "RltdPties", "DbtrAcct"));
        const dbtr = at(tx, "RltdPties", "Dbtr");
        // Party may be wrapped in <Pty> (camt.053.001.08+).
        const party = at(dbtr, "Pty") ?? dbtr;
        const ids = list(at(party, "Id", "OrgId", "Othr")).concat(list(at(party, "Id", "PrvtId", "Othr")));
        const inn = ids.map((o) => text(at(o, "Id"))).find((x) => x && /^\d{10}(\d{2})?$/.test(x)) ?? null;
        const kpp =
          ids.map((o) => text(at(o, "Id"))).find((x) => x && /^\d{4}[\dA-Z]{2}\d{3}$/.test(x)) ?? null;
        const purpose = list(at(tx, "RmtInf", "Ustrd"))
          .map((u) => text(u) ?? "")
          .join(" ")
          .trim();
        documents.push({
          line: ln,
          naturalKey: number ? naturalKey(payerAccount, number, date, amount) : `camt|${ref}`,
          kind: "Платежное поручение",
          number: number ?? ref!,
          date,
          receivedOn: valueDate,
          amount,
          payerName: text(at(party, "Nm")),
          payerInn: inn,
          payerKpp: kpp,
          payerAccount,
          recipientAccount: own,
          purpose,
        });
      }
    }
  }
  return { format: "camt053", documents, unreadable, skipped };
}
