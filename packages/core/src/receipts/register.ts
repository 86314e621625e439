import { type ReceiptRow, receipts, rows } from "@lk/db";
import { eq, getTableColumns, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { enqueueMessage } from "../outbox/outbox";
import { loadVatRates, type VatRate } from "../vat/index";
import { composeSell } from "./compose";
import { loadReceiptFacts } from "./facts";
import { receiptNo } from "./number";
import {
  type CashRegisterProvider,
  CashRegisterRejected,
  CashRegisterUnavailable,
  type FiscalData,
  type ReceiptDocument,
} from "./provider";
import { fiscalReceiptText } from "./text";

export interface RegisterReceiptsOptions {
  /** Receipts claimed per run. */
  batch?: number;
  /** Receipts spoken about with the register at once. */
  concurrency?: number;
  /** How long after handing a receipt over to ask for its report again. */
  pollMs?: number;
  /** First retry after the register was unreachable; doubles per try up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface RegisterReceiptsResult {
  claimed: number;
  registered: number;
  failed: number;
  waiting: number;
  unavailable: number;
}

/** While one run talks to the register about a receipt, no other run (or instance) takes it. */
const LEASE_MS = 60_000;

const COLUMNS = Object.entries(getTableColumns(receipts));

/** Backoff after `attempts` failed tries: base·2^(n−1), capped. */
export const backoffMs = (attempts: number, base: number, max: number) =>
  Math.min(max, base * 2 ** Math.max(0, Math.min(30, attempts - 1)));

/**
 * The `receipts` job: claims the pending receipts that are due (SKIP LOCKED, with a lease, so several
 * instances share them), composes a sale's document on its first try and keeps it, hands it to the
 * cash register (idempotent by its external id), asks for the report and records the fiscal data.
 * A register that is down or slow leaves the receipt pending with backoff — it is tried until
 * registered; only the register's own refusal or failure marks it failed (ADR 0079).
 */
export async function registerReceipts({
  ctx,
  cashRegister,
  options = {},
}: {
  ctx: Ctx;
  cashRegister: CashRegisterProvider | undefined;
  options?: RegisterReceiptsOptions;
}): Promise<RegisterReceiptsResult> {
  const res: RegisterReceiptsResult = { claimed: 0, registered: 0, failed: 0, waiting: 0, unavailable: 0 };
  if (!cashRegister) return res;
  const batch = options.batch ?? 100;
  const pollMs = options.pollMs ?? 1_000;
  const base = options.baseBackoffMs ?? 5_000;
  const max = options.maxBackoffMs ?? 10 * 60_000;
  const now = ctx.now();
  const claimed = await claim(ctx, now, batch);
  res.claimed = claimed.length;
  if (claimed.length === 0) return res;
  let rates: VatRate[] | undefined;
  const work = async (r: ReceiptRow) => {
    try {
      let doc = r.document as ReceiptDocument | null;
      if (!doc) {
        rates ??= await loadVatRates(ctx.db);
        const loaded = await loadReceiptFacts(ctx.db, r.paymentId);
        if (!loaded) throw new CashRegisterRejected("payment not found");
        doc = composeSell(
          loaded.facts,
          r.externalId,
          r.settledAt,
          rates,
          ctx.config.receipts,
          {
            inn: ctx.config.operator.inn,
          },
          ctx.config.timeZone,
        );
        await ctx.db
          .update(receipts)
          .set({ document: doc, updatedAt: ctx.now() })
          .where(eq(receipts.id, r.id));
      }
      let uuid = r.providerUuid;
      if (!uuid) {
        uuid = (await cashRegister.register(doc)).providerUuid;
        await ctx.db
          .update(receipts)
          .set({ providerUuid: uuid, provider: cashRegister.name, updatedAt: ctx.now() })
          .where(eq(receipts.id, r.id));
      }
      const report = await cashRegister.report(uuid);
      if (report.status === "done") {
        await onRegistered(ctx, r, doc, report.fiscal);
        res.registered++;
      } else if (report.status === "wait") {
        await ctx.db
          .update(receipts)
          .set({ nextAttemptAt: new Date(ctx.now().getTime() + pollMs), updatedAt: ctx.now() })
          .where(eq(receipts.id, r.id));
        res.waiting++;
      } else {
        await markFailed(ctx, r, report.error);
        res.failed++;
      }
    } catch (e) {
      if (e instanceof CashRegisterRejected) {
        await markFailed(ctx, r, e.message);
        res.failed++;
        return;
      }
      const message =
        e instanceof CashRegisterUnavailable ? e.message : `unexpected: ${(e as Error).message}`;
      const attempts = r.attempts + 1;
      await ctx.db
        .update(receipts)
        .set({
          attempts,
          lastError: message.slice(0, 500),
          nextAttemptAt: new Date(ctx.now().getTime() + backoffMs(attempts, base, max)),
          updatedAt: ctx.now(),
        })
        .where(eq(receipts.id, r.id));
      res.unavailable++;
    }
  };
  const queue = [...claimed];
  const lanes = Array.from({ length: Math.min(options.concurrency ?? 8, queue.length) }, async () => {
    for (let r = queue.shift(); r; r = queue.shift()) await work(r);
  });
  await Promise.all(lanes);
  return res;
}

async function claim(ctx: Ctx, now: Date, batch: number): Promise<ReceiptRow[]> {
  const list = sql.raw(COLUMNS.map(([, c]) => `r."${c.name}"`).join(", "));
  const raw = await rows<Record<string, unknown>>(
    ctx.db,
    sql`UPDATE receipts r SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz
      WHERE r.id IN (
        SELECT id FROM receipts
        WHERE status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
        ORDER BY next_attempt_at
        LIMIT ${batch}
        FOR UPDATE SKIP LOCKED)
      RETURNING ${list}`,
  );
  return raw.map((x) => {
    const row = {} as Record<string, unknown>;
    for (const [key, column] of COLUMNS) {
      const v = x[column.name];
      row[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
    }
    return row as ReceiptRow;
  });
}

/**
 * Records the fiscal data and sends the buyer the fiscal receipt by e-mail, in one transaction;
 * a second report of the same receipt (another instance) finds it registered and sends nothing.
 */
async function onRegistered(ctx: Ctx, r: ReceiptRow, doc: ReceiptDocument, f: FiscalData) {
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const [done] = await tx
      .update(receipts)
      .set({
        status: "registered",
        fnNumber: f.fnNumber,
        fdNumber: f.fdNumber,
        fpd: f.fpd,
        fiscalAt: f.at,
        shiftNumber: f.shiftNumber,
        receiptInShift: f.receiptInShift,
        ecrRegistrationNumber: f.ecrRegistrationNumber,
        fnsSite: f.fnsSite,
        registeredAt: now,
        lastError: null,
        updatedAt: now,
      })
      .where(sql`${receipts.id} = ${r.id} AND ${receipts.status} = 'pending'`)
      .returning();
    if (!done || !doc.client.email) return;
    await enqueueMessage(
      tx,
      {
        channel: "email",
        recipient: doc.client.email,
        subject: `Кассовый чек № ${receiptNo(done.number)} / Fiscal receipt`,
        body: fiscalReceiptText(done, doc, ctx.config.operator, ctx.config.timeZone),
        kind: r.kind === "sell" ? "payment_receipt" : "refund_receipt",
        companyId: r.companyId,
        // The PDF receipt with the ФНС check QR as an image, rendered when the e-mail is sent.
        attachment: { kind: "receipt_pdf", receipt_id: done.id },
      },
      now,
    );
  });
}

async function markFailed(ctx: Ctx, r: ReceiptRow, error: string) {
  await ctx.db
    .update(receipts)
    .set({ status: "failed", attempts: r.attempts + 1, lastError: error.slice(0, 500), updatedAt: ctx.now() })
    .where(eq(receipts.id, r.id));
}
