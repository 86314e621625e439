import { createHash } from "node:crypto";
import { bankStatementImports, rows, type Tx } from "@lk/db";
import { eq, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { AppError } from "../errors/index";
import { type BankCredit, sourceDocument, writeBankCredits } from "./credit";
import { type Plan, planDocuments } from "./match";
import { parseStatement } from "./parse";
import { type StatementDocument, StatementFormatError, type UnreadableDocument } from "./types";
import { addUnallocated } from "./unallocated";

export interface ImportReport {
  import_id: string;
  format: "1c" | "camt053";
  /** Credits to the operator's accounts read from the file. */
  documents_read: number;
  /** Credited to accounts now (possibly with a part to the company's unallocated money). */
  credited: number;
  /** Whose money went (wholly or partly) to a company's unallocated money. */
  to_unallocated: number;
  to_queue: number;
  /** Seen in an earlier statement (or twice in this one): nothing credited again. */
  already_imported: number;
  /** Debits and credits to other accounts: not ours to take. */
  skipped: number;
  unreadable: UnreadableDocument[];
  /** Kopecks credited to accounts / put on unallocated money by this import. */
  amount_credited: number;
  amount_unallocated: number;
}

/** A malformed file: 400 naming the line; nothing was applied. */
export const statementUnreadable = (e: StatementFormatError) =>
  new AppError(
    400,
    "statement_unreadable",
    {
      ru: `Выписка не прочитана (строка ${e.line}): ${e.reason}. Ничего не зачислено.`,
      en: `The statement could not be read (line ${e.line}): ${e.reason}. Nothing was applied.`,
    },
    {
      fields: [
        {
          field: "file",
          code: "statement_unreadable",
          message: { ru: `строка ${e.line}: ${e.reason}`, en: `line ${e.line}: ${e.reason}` },
        },
      ],
    },
  );

/** Documents written per transaction: each batch is claimed and credited atomically. */
const BATCH = 2000;

/**
 * Loads a bank statement (operator only): parses the whole file first (a malformed file applies
 * nothing: StatementFormatError → 400 naming the line), then in batches, each in one transaction:
 * claims the documents by their natural key (a document seen before is skipped — exactly once),
 * matches them (match.ts), credits accounts set-based (credit.ts), puts remainders on companies'
 * unallocated money and the rest in the operator's queue. ADR 0071.
 */
export async function importBankStatement({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    content: Buffer;
    fileName?: string | undefined;
    onProgress?: (done: number, total: number) => void;
  };
}): Promise<ImportReport> {
  requireOperator(ctx);
  const own = new Set(ctx.config.operator.bankAccounts.map((a) => a.account));
  let parsed: ReturnType<typeof parseStatement>;
  try {
    parsed = parseStatement(input.content, own);
  } catch (e) {
    if (e instanceof StatementFormatError) throw statementUnreadable(e);
    throw e;
  }
  const now = ctx.now();
  // The same document twice in one file is one document.
  const seen = new Set<string>();
  const docs: StatementDocument[] = [];
  let repeated = 0;
  for (const d of parsed.documents) {
    if (seen.has(d.naturalKey)) repeated++;
    else {
      seen.add(d.naturalKey);
      docs.push(d);
    }
  }
  const [imp] = await ctx.db
    .insert(bankStatementImports)
    .values({
      format: parsed.format,
      fileName: input.fileName ?? null,
      fileSha256: createHash("sha256").update(input.content).digest("hex"),
      report: {},
      createdAt: now,
    })
    .returning({ id: bankStatementImports.id });
  const report: ImportReport = {
    import_id: imp!.id,
    format: parsed.format,
    documents_read: parsed.documents.length,
    credited: 0,
    to_unallocated: 0,
    to_queue: 0,
    already_imported: repeated,
    skipped: parsed.skipped,
    unreadable: parsed.unreadable,
    amount_credited: 0,
    amount_unallocated: 0,
  };
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = docs.slice(i, i + BATCH);
    await ctx.db.transaction(async (tx) => {
      const fresh = await claim(tx, imp!.id, batch, now);
      report.already_imported += batch.length - fresh.length;
      const plans = await planDocuments(tx, fresh);
      await applyPlans(tx, ctx, plans, report);
    });
    input.onProgress?.(Math.min(i + BATCH, docs.length), docs.length);
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(bankStatementImports).set({ report }).where(eq(bankStatementImports.id, imp!.id));
    await audit(tx, ctx, {
      action: "bank_statement.imported",
      companyId: null,
      entityType: "bank_statement_import",
      entityId: imp!.id,
      data: { ...report, unreadable: report.unreadable.length, file_name: input.fileName ?? null },
    });
  });
  return report;
}

/** Inserts the documents not seen before (ON CONFLICT on the natural key) and returns those. */
async function claim(
  tx: Tx,
  importId: string,
  docs: StatementDocument[],
  now: Date,
): Promise<StatementDocument[]> {
  if (docs.length === 0) return [];
  const data = docs.map((d) => ({
    natural_key: d.naturalKey,
    line: d.line,
    number: d.number,
    doc_date: d.date,
    received_on: d.receivedOn,
    amount: d.amount,
    payer_name: d.payerName,
    payer_inn: d.payerInn,
    payer_kpp: d.payerKpp,
    payer_account: d.payerAccount,
    recipient_account: d.recipientAccount,
    purpose: d.purpose,
  }));
  const got = await rows<{ natural_key: string }>(
    tx,
    sql`INSERT INTO bank_documents (natural_key, import_id, line, number, doc_date, received_on, amount, payer_name,
          payer_inn, payer_kpp, payer_account, recipient_account, purpose, status, created_at)
        SELECT x.natural_key, ${importId}::uuid, x.line, x.number, x.doc_date, x.received_on, x.amount, x.payer_name,
          x.payer_inn, x.payer_kpp, x.payer_account, x.recipient_account, x.purpose, 'queued', ${now.toISOString()}::timestamptz
          FROM json_to_recordset(${JSON.stringify(data)}::json) AS x(natural_key text, line int, number text, doc_date date,
            received_on date, amount bigint, payer_name text, payer_inn text, payer_kpp text, payer_account text,
            recipient_account text, purpose text)
        ON CONFLICT (natural_key) DO NOTHING
        RETURNING natural_key`,
  );
  const fresh = new Set(got.map((g) => g.natural_key));
  return docs.filter((d) => fresh.has(d.naturalKey));
}

/** Writes what the plans say: payments, unallocated money, queue entries; the report counts. */
export async function applyPlans(tx: Tx, ctx: Ctx, plans: Plan[], report?: ImportReport): Promise<void> {
  const credits: BankCredit[] = [];
  const creditPlans: Plan[] = [];
  for (const p of plans) {
    if (p.queueReason || !p.companyId) continue;
    if (p.items.length > 0) {
      credits.push({
        companyId: p.companyId,
        key: `bank:${p.doc.naturalKey}`,
        description: sourceDocument(p.doc),
        items: p.items,
        occurredAt: new Date(`${p.doc.receivedOn ?? p.doc.date}T12:00:00Z`),
      });
      creditPlans.push(p);
    }
  }
  const paymentIds = await writeBankCredits(tx, ctx, credits);
  const paymentOf = new Map(creditPlans.map((p, n) => [p.doc.naturalKey, paymentIds[n]!]));
  const unallocated = plans.filter((p) => !p.queueReason && p.companyId && p.unallocated > 0);
  await addUnallocated(
    tx,
    unallocated.map((p) => ({
      companyId: p.companyId!,
      amount: p.unallocated,
      naturalKey: p.doc.naturalKey,
      description: sourceDocument(p.doc),
    })),
    ctx.now(),
  );
  const status = plans.map((p) => ({
    natural_key: p.doc.naturalKey,
    status: p.queueReason ? "queued" : p.items.length > 0 ? "credited" : "unallocated",
    queue_reason: p.queueReason,
    company_id: p.companyId,
    payment_id: paymentOf.get(p.doc.naturalKey) ?? null,
  }));
  if (status.length > 0)
    await rows(
      tx,
      sql`UPDATE bank_documents d SET status = x.status, queue_reason = x.queue_reason, company_id = x.company_id,
            payment_id = x.payment_id
          FROM json_to_recordset(${JSON.stringify(status)}::json)
            AS x(natural_key text, status text, queue_reason text, company_id uuid, payment_id uuid)
         WHERE d.natural_key = x.natural_key`,
    );
  if (!report) return;
  for (const p of plans) {
    if (p.queueReason) report.to_queue++;
    else {
      if (p.items.length > 0) report.credited++;
      if (p.unallocated > 0) report.to_unallocated++;
      report.amount_credited += p.items.reduce((s, i) => s + i.amount, 0);
      report.amount_unallocated += p.unallocated;
    }
  }
}
