import { loadavg } from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Ctx, defaultCoreConfig, importBankStatement, KeyStore } from "@lk/core";
import { accountsOffLedger, issueTestInvoice, makeCompany, type TestCompany } from "@lk/core/testing";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type Doc, make1c } from "../apps/api/test/bank-files";
import { benchDatabase, fmt } from "./db";

// `pnpm bench bank-statements`: `lk bank-statements import` of a 1C «Клиент банка» statement of
// 100 000 documents (windows-1251, as banks send it) through the real import service on PostgreSQL
// — parse, skip known natural keys, match, credit set-based, write each document once — beside a plain COPY of the same rows into
// a staging table of their columns (the floor: no parsing, no matching, no ledger). The issue's goal:
// the whole import under 30 s. Then the same file again (everything already imported: nothing moves)
// and the ledger invariant (every balance equals the sum of its entries).

const DOCS = Number(process.env.BENCH_BANK_DOCS ?? 100_000);
const COMPANIES = 20;
const GOAL_S = 30;

/** A deterministic mix of what accountants write (the shares are in docs/bank-transfers.md). */
function* documents(cos: TestCompany[], invoices: string[]): Generator<Doc> {
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const rubles = (k: number) => `${Math.floor(k / 100)}.${String(k % 100).padStart(2, "0")}`;
  const human = (k: number) =>
    `${Math.floor(k / 100).toLocaleString("ru-RU")},${String(k % 100).padStart(2, "0")}`;
  for (let i = 0; i < DOCS; i++) {
    const co = cos[rnd(cos.length)]!;
    const acc = () => co.accounts[rnd(co.accounts.length)]!.number;
    const day = 1 + (i % 28);
    const date = `${String(day).padStart(2, "0")}.11.2026`;
    const payerAccount = `40702810${String(100_000_000_000 + rnd(1_000_000_000)).slice(-12)}`;
    const kind = rnd(100);
    const a = 10_000 + rnd(500_000);
    if (kind < 45) {
      yield {
        number: String(i + 1),
        date,
        amount: rubles(a),
        payerInn: co.inn,
        payerAccount,
        purpose: `Оплата услуг связи по л/с ${acc()} без НДС`,
      };
    } else if (kind < 65) {
      const b = 10_000 + rnd(300_000);
      yield {
        number: String(i + 1),
        date,
        amount: rubles(a + b),
        payerInn: co.inn,
        payerAccount,
        purpose: `Оплата: л/с ${acc()} — ${human(a)}; л/с ${acc()} — ${human(b)}. В т.ч. НДС 22%`,
      };
    } else if (kind < 75 && invoices.length > 0) {
      const inv = invoices[rnd(invoices.length)]!;
      yield {
        number: String(i + 1),
        date,
        amount: rubles(a),
        payerInn: "",
        payerAccount,
        purpose: `Оплата по счёту № ${inv} за услуги связи`,
      };
    } else if (kind < 92) {
      yield {
        number: String(i + 1),
        date,
        amount: rubles(a),
        payerInn: co.inn,
        payerAccount,
        purpose: "Оплата за услуги связи по договору",
      };
    } else {
      yield {
        number: String(i + 1),
        date,
        amount: rubles(a),
        payerInn: "500100732259",
        payerAccount,
        purpose: "Перевод средств",
      };
    }
  }
}

export default async function run() {
  const { conn, url } = await benchDatabase("bank_statements", 10);
  const cos: TestCompany[] = [];
  for (let i = 0; i < COMPANIES; i++) cos.push(await makeCompany(conn, { accountsPerGroup: 10 }));
  // Unpaid invoices for the invoice-number and oldest-invoice matching.
  const invoices: string[] = [];
  for (const co of cos)
    for (const acc of co.accounts.slice(0, 10))
      invoices.push(
        (await issueTestInvoice(conn.db, { companyId: co.id, accountId: acc.id, total: 150_000 })).number,
      );
  const docs = [...documents(cos, invoices)];
  // The tests' builder (apps/api/test/bank-files.ts): windows-1251, as banks send it.
  const file = make1c(docs, "Windows");
  console.log(
    `${fmt(DOCS, 0)} documents, ${fmt(file.length / 1e6)} MB (1C, windows-1251), ${COMPANIES} companies, ` +
      `${cos.reduce((s, c) => s + c.accounts.length, 0)} accounts, ${invoices.length} unpaid invoices`,
  );

  // The floor: the same rows, already parsed, COPYed into a staging table of their columns.
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  await raw.unsafe(
    `CREATE TABLE staging_bank (number text, doc_date date, amount numeric, payer_inn text, payer_account text, purpose text)`,
  );
  const tsv = (s: string) => s.replace(/[\\\t\n\r]/g, " ");
  const t0 = performance.now();
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 0; i < docs.length; i += 5000)
          yield docs
            .slice(i, i + 5000)
            .map(
              (d) =>
                `${d.number}\t${d.date.split(".").reverse().join("-")}\t${d.amount}\t${d.payerInn || "\\N"}\t${d.payerAccount}\t${tsv(d.purpose)}\n`,
            )
            .join("");
      })(),
    ),
    await raw.unsafe("COPY staging_bank FROM STDIN").writable(),
  );
  const copySec = (performance.now() - t0) / 1000;
  await raw.end();

  const ctx: Ctx = {
    db: conn.db,
    principal: { type: "operator", name: "bench" },
    config: defaultCoreConfig,
    keys: new KeyStore(conn.db),
    now: () => new Date(),
    requestId: "bench",
    ip: null,
    userAgent: null,
    lang: "en",
  };
  const t1 = performance.now();
  const report = await importBankStatement({ ctx, input: { content: file, fileName: "bench.txt" } });
  const importSec = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const again = await importBankStatement({ ctx, input: { content: file, fileName: "bench-again.txt" } });
  const againSec = (performance.now() - t2) / 1000;

  const off = await accountsOffLedger(conn.db);
  const [credited] = await rows<{ n: string; sum: string }>(
    conn.db,
    sql`SELECT count(*) AS n, COALESCE(sum(amount), 0) AS sum FROM payments WHERE source = 'bank'`,
  );
  await conn.close();

  console.log(`plain COPY into staging      ${fmt(copySec, 2)} s  ${fmt(DOCS / copySec, 0)} rows/s`);
  console.log(
    `import (parse, match, credit) ${fmt(importSec, 2)} s  ${fmt(DOCS / importSec, 0)} documents/s  ` +
      `(${fmt(importSec / copySec, 1)}× the COPY)  goal < ${GOAL_S} s: ${importSec < GOAL_S ? "met" : "NOT met"}`,
  );
  console.log(`same file again (all known)  ${fmt(againSec, 2)} s  ${fmt(DOCS / againSec, 0)} documents/s`);
  console.log(
    `report: credited ${report.credited}, to unallocated ${report.to_unallocated}, to queue ${report.to_queue}, ` +
      `already imported ${report.already_imported}, unreadable ${report.unreadable.length}; again: already imported ${again.already_imported}, credited ${again.credited}`,
  );
  console.log(
    `payments ${credited!.n} (${fmt(Number(credited!.sum) / 100, 2)} ₽ = report ${fmt(report.amount_credited / 100, 2)} ₽), ` +
      `accounts off their ledger: ${off}`,
  );
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  if (off !== 0 || Number(credited!.sum) !== report.amount_credited || again.credited !== 0)
    throw new Error("ledger invariant broken");
}
