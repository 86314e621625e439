import { type ReceiptKind, type ReceiptRow, type ReceiptStatus, receipts } from "@lk/db";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { type Ctx, requireOperator } from "../context/index";
import { notFound } from "../errors/index";
import { decodeCursor, page } from "../pagination/cursor";
import { receiptNo } from "./number";
import { fnsQrString } from "./text";

export interface ListReceiptsInput {
  status?: ReceiptStatus | undefined;
  kind?: ReceiptKind | undefined;
  company_id?: string | undefined;
  payment_id?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

type Key = { t: string; id: string };
const isKey = (v: Record<string, unknown>): v is Key => typeof v.t === "string" && typeof v.id === "string";

export function operatorReceiptJson(r: ReceiptRow, tz: string) {
  const registered = r.status === "registered" && r.fnNumber && r.fdNumber !== null && r.fpd && r.fiscalAt;
  return {
    id: r.id,
    number: receiptNo(r.number),
    kind: r.kind,
    status: r.status,
    company_id: r.companyId,
    payment_id: r.paymentId,
    refund_id: r.refundId,
    amount: r.amount,
    currency: "RUB" as const,
    attempts: r.attempts,
    next_attempt_at: r.status === "pending" ? r.nextAttemptAt.toISOString() : null,
    last_error: r.lastError,
    fiscal: registered
      ? {
          fn_number: r.fnNumber!,
          fd_number: r.fdNumber!,
          fpd: r.fpd!,
          at: r.fiscalAt!.toISOString(),
          ecr_registration_number: r.ecrRegistrationNumber ?? "",
          fns_site: r.fnsSite ?? "",
          qr: fnsQrString(
            {
              kind: r.kind,
              amount: r.amount,
              fiscalAt: r.fiscalAt!,
              fnNumber: r.fnNumber!,
              fdNumber: r.fdNumber!,
              fpd: r.fpd!,
            },
            tz,
          ),
        }
      : null,
    created_at: r.createdAt.toISOString(),
    registered_at: r.registeredAt ? r.registeredAt.toISOString() : null,
  };
}

/** The operator's view of receipts, newest first, filtered; keyset pagination on (created_at, id). */
export async function listReceipts({ ctx, input }: { ctx: Ctx; input: ListReceiptsInput }) {
  requireOperator(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const list = await ctx.db
    .select()
    .from(receipts)
    .where(
      and(
        input.status ? eq(receipts.status, input.status) : undefined,
        input.kind ? eq(receipts.kind, input.kind) : undefined,
        input.company_id ? eq(receipts.companyId, input.company_id) : undefined,
        input.payment_id ? eq(receipts.paymentId, input.payment_id) : undefined,
        after
          ? or(
              lt(receipts.createdAt, new Date(after.t)),
              and(eq(receipts.createdAt, new Date(after.t)), lt(receipts.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(receipts.createdAt), desc(receipts.id))
    .limit(input.limit + 1);
  const res = page(list, input.limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }));
  return {
    data: res.data.map((r) => operatorReceiptJson(r, ctx.config.timeZone)),
    next_cursor: res.next_cursor,
  };
}

export async function getReceipt({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  const [r] = await ctx.db.select().from(receipts).where(eq(receipts.id, input.id));
  if (!r) throw notFound({ ru: "Чек", en: "Receipt" }, "receipt_not_found");
  return operatorReceiptJson(r, ctx.config.timeZone);
}

/**
 * A failed receipt back to pending, to be tried again at once (after the cause was fixed). The
 * register keeps its failed registration under the old external id, so the new try gets a new one.
 */
export async function retryReceipt({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  const now = ctx.now();
  const ext = sql`regexp_replace(${receipts.externalId}, '-retry[0-9]+$', '') || '-retry' || (${receipts.attempts})::text`;
  const [r] = await ctx.db
    .update(receipts)
    .set({
      status: "pending",
      nextAttemptAt: now,
      providerUuid: null,
      externalId: ext,
      document: sql`CASE WHEN ${receipts.document} IS NULL THEN NULL ELSE jsonb_set(${receipts.document}, '{externalId}', to_jsonb(${ext})) END`,
      updatedAt: now,
    })
    .where(and(eq(receipts.id, input.id), eq(receipts.status, "failed")))
    .returning();
  if (r) return operatorReceiptJson(r, ctx.config.timeZone);
  return getReceipt({ ctx, input });
}
