import { createHash, randomUUID } from "node:crypto";
import { bankStatementImports, insertRecordset, rows, type Tx } from "@lk/db";
import { eq, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { AppError } from "../errors/index";
import { localInstant } from "../time/zone";
import { type BankCredit, sourceDocument, writeBankCredits } from "./credit";
import { type Plan, planDocuments } from "./match";
import { parseStatement } from "./parse";
import { type StatementDocument, StatementFormatError, type UnreadableDocument } from "./types";
import { addUnallocated } from "./unallocated";

const noonOf = (isoDate: string, tz: string) => {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return localInstant({ year, month, day, hour: 12, minute: 0, second: 0 }, tz);
};

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

/** Documents per transaction: each batch is checked, credited and recorded atomically. */
const BATCH = 2000;

/** pg_advisory_xact_lock key of statement imports (any constant of our own; 15 = the issue). */
const IMPORT_LOCK = 7_150_015;

/**
 * Loads a bank statement (operator only): parses the whole file first (a malformed file applies
 * nothing: StatementFormatError → 400 naming the line), then in batches, each in one transaction
 * under the import lock: skips the documents whose natural key is already known (exactly once),
 * matches the rest (match.ts), credits accounts set-based (credit.ts), writes each document once
 * with its outcome, puts remainders on companies' unallocated money and the rest in the operator's
 * queue. ADR 0071, ADR 0095 (one statement per table per batch, no per-document round trip).
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
      // Imports take their batches one at a time (a transaction-level lock), so what `unseen`
      // reads stays true until this batch commits: no other import can write these documents.
      // JIT off: the batch's statements are estimated costly (correlated sums over payment items)
      // but run in milliseconds; compiling them cost ~130 ms a batch.
      await tx.execute(
        sql`SELECT set_config('jit', 'off', true), pg_advisory_xact_lock(${IMPORT_LOCK}::bigint)`,
      );
      const fresh = await unseen(tx, batch);
      report.already_imported += batch.length - fresh.length;
      if (fresh.length === 0) return;
      const plans = await planDocuments(tx, fresh);
      await importPlans(tx, ctx, imp!.id, plans, report);
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

/** The documents of `docs` whose natural key no earlier statement brought. */
async function unseen(tx: Tx, docs: StatementDocument[]): Promise<StatementDocument[]> {
  if (docs.length === 0) return [];
  const known = await rows<{ natural_key: string }>(
    tx,
    sql`SELECT natural_key FROM bank_documents
         WHERE natural_key IN (SELECT json_array_elements_text(${JSON.stringify(docs.map((d) => d.naturalKey))}::json))`,
  );
  if (known.length === 0) return docs;
  const seen = new Set(known.map((k) => k.natural_key));
  return docs.filter((d) => !seen.has(d.naturalKey));
}

/** Where a planned document ended: what its bank_documents row records. */
interface Outcome {
  status: "credited" | "unallocated" | "queued";
  queueReason: string | null;
  companyId: string | null;
  paymentId: string | null;
}

/**
 * Writes the credits the plans say (payments, ledger, invoices, notices: credit.ts, set-based) and
 * returns each plan's outcome, in the order of `plans`.
 */
async function writeCredits(tx: Tx, ctx: Ctx, plans: Plan[]): Promise<Outcome[]> {
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
        // Noon of the day the bank credited it, in the operator's zone: the day an акт сверки and
        // the payment history show, whatever LK_TIME_ZONE is.
        occurredAt: noonOf(p.doc.receivedOn ?? p.doc.date, ctx.config.timeZone),
      });
      creditPlans.push(p);
    }
  }
  const paymentIds = await writeBankCredits(tx, ctx, credits);
  const paymentOf = new Map(creditPlans.map((p, n) => [p, paymentIds[n]!]));
  return plans.map((p) => ({
    status: p.queueReason ? "queued" : p.items.length > 0 ? "credited" : "unallocated",
    queueReason: p.queueReason,
    companyId: p.companyId,
    paymentId: paymentOf.get(p) ?? null,
  }));
}

/** The plans' remainders put on their companies' unallocated money, each naming its document. */
async function writeUnallocated(tx: Tx, ctx: Ctx, plans: Plan[], documentIds: string[]): Promise<void> {
  const adds = plans.flatMap((p, n) =>
    !p.queueReason && p.companyId && p.unallocated > 0
      ? [
          {
            companyId: p.companyId,
            amount: p.unallocated,
            bankDocumentId: documentIds[n]!,
            description: sourceDocument(p.doc),
          },
        ]
      : [],
  );
  await addUnallocated(tx, adds, ctx.now());
}

/**
 * A batch of documents no statement brought before (`unseen`, under the import lock): their
 * credits first, then each document written once with its outcome (the row references its
 * payment), then the unallocated remainders (they reference the row). ON CONFLICT is a guard only:
 * should another writer have taken a document meanwhile, the batch rolls back whole.
 */
async function importPlans(tx: Tx, ctx: Ctx, importId: string, plans: Plan[], report: ImportReport) {
  if (plans.length === 0) return;
  const outcomes = await writeCredits(tx, ctx, plans);
  const ids = plans.map(() => randomUUID());
  const at = ctx.now().toISOString();
  const got = await insertRecordset(
    tx,
    "bank_documents",
    {
      id: "uuid",
      natural_key: "text",
      import_id: "uuid",
      line: "int",
      number: "text",
      doc_date: "date",
      received_on: "date",
      amount: "bigint",
      payer_name: "text",
      payer_inn: "text",
      payer_kpp: "text",
      payer_account: "text",
      recipient_account: "text",
      purpose: "text",
      status: "text",
      queue_reason: "text",
      company_id: "uuid",
      payment_id: "uuid",
      created_at: "timestamptz",
    },
    plans.map(({ doc: d }, n) => ({
      id: ids[n],
      natural_key: d.naturalKey,
      import_id: importId,
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
      status: outcomes[n]!.status,
      queue_reason: outcomes[n]!.queueReason,
      company_id: outcomes[n]!.companyId,
      payment_id: outcomes[n]!.paymentId,
      created_at: at,
    })),
    "id",
    "ON CONFLICT (natural_key) DO NOTHING",
  );
  if (got.length !== plans.length) throw new Error("bank statement: a document was taken by another writer");
  await writeUnallocated(tx, ctx, plans, ids);
  count(report, plans);
}

/**
 * Writes what the plans of documents already in bank_documents say (the operator's queue assigns
 * one): credits, the documents' outcomes, unallocated money.
 */
export async function applyPlans(tx: Tx, ctx: Ctx, plans: Plan[]): Promise<void> {
  if (plans.length === 0) return;
  const outcomes = await writeCredits(tx, ctx, plans);
  const status = plans.map((p, n) => ({
    natural_key: p.doc.naturalKey,
    status: outcomes[n]!.status,
    queue_reason: outcomes[n]!.queueReason,
    company_id: outcomes[n]!.companyId,
    payment_id: outcomes[n]!.paymentId,
  }));
  const updated = await rows<{ id: string; natural_key: string }>(
    tx,
    sql`UPDATE bank_documents d SET status = x.status, queue_reason = x.queue_reason, company_id = x.company_id,
          payment_id = x.payment_id
        FROM json_to_recordset(${JSON.stringify(status)}::json)
          AS x(natural_key text, status text, queue_reason text, company_id uuid, payment_id uuid)
       WHERE d.natural_key = x.natural_key
      RETURNING d.id, d.natural_key`,
  );
  const idOf = new Map(updated.map((u) => [u.natural_key, u.id]));
  await writeUnallocated(
    tx,
    ctx,
    plans,
    plans.map((p) => idOf.get(p.doc.naturalKey)!),
  );
}

/** The report's counts of a batch's plans. */
function count(report: ImportReport, plans: Plan[]) {
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
