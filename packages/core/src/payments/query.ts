import { accounts, type PaymentStatus, paymentItems, payments } from "@lk/db";
import { and, desc, eq, exists, gte, lt, or, type SQL } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { AppError } from "../errors/index";
import { decodeCursor, page } from "../pagination/cursor";
import { receiptNo } from "../receipts/number";
import { localDate } from "../time/zone";
import { paymentNotFound } from "./errors";
import { itemsOf, loadPayment, type PaymentView } from "./load";
import { fiscalReceiptsOf, receiptText } from "./receipt";
import { receiptPdf } from "./receipt-pdf";
import { paymentJson } from "./serialize";

export interface ListPaymentsInput {
  status?: PaymentStatus | undefined;
  account_id?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
}

type Key = { t: string; id: string };
const isKey = (v: Record<string, unknown>): v is Key => typeof v.t === "string" && typeof v.id === "string";

/** Payments that touch at least one account the caller can see (one item is enough). */
function visibleItem(ctx: Ctx, accountId?: string): SQL {
  return exists(
    ctx.db
      .select({ one: paymentItems.position })
      .from(paymentItems)
      .innerJoin(accounts, eq(accounts.id, paymentItems.accountId))
      .where(
        and(
          eq(paymentItems.paymentId, payments.id),
          visibleAccountsCondition(companyScope(ctx)),
          accountId ? eq(paymentItems.accountId, accountId) : undefined,
        ),
      ),
  );
}

/** Payment history, newest first, with filters; keyset pagination on (created_at, id). */
export async function listPayments({ ctx, input }: { ctx: Ctx; input: ListPaymentsInput }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const rows = await ctx.db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.companyId, scope.companyId),
        visibleItem(ctx, input.account_id),
        input.status ? eq(payments.status, input.status) : undefined,
        input.from ? gte(payments.createdAt, input.from) : undefined,
        input.to ? lt(payments.createdAt, input.to) : undefined,
        after
          ? or(
              lt(payments.createdAt, new Date(after.t)),
              and(eq(payments.createdAt, new Date(after.t)), lt(payments.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(input.limit + 1);
  const items = await itemsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const views: PaymentView[] = rows.map((r) => ({ ...r, items: items.get(r.id) ?? [] }));
  const res = page(views, input.limit, (v) => ({ t: v.createdAt.toISOString(), id: v.id }));
  return { data: res.data.map(paymentJson), next_cursor: res.next_cursor };
}

/** A payment of the caller's company that the caller can see; anything else is 404. */
export async function findVisiblePayment(ctx: Ctx, id: string): Promise<PaymentView> {
  const scope = companyScope(ctx);
  const [row] = await ctx.db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.id, id), eq(payments.companyId, scope.companyId), visibleItem(ctx)));
  const view = row ? await loadPayment(ctx.db, row.id) : undefined;
  if (!view) throw paymentNotFound();
  return view;
}

export async function getPayment({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "accounts:read");
  return paymentJson(await findVisiblePayment(ctx, input.id));
}

/** A succeeded (or refunded) payment with its fiscal receipts, and the file name people see. */
export async function receiptOf(ctx: Ctx, id: string) {
  requirePermission(ctx, "accounts:read");
  const p = await findVisiblePayment(ctx, id);
  if (p.status !== "succeeded" && p.status !== "refunded")
    throw new AppError(409, "receipt_not_available", {
      ru: "Квитанция появится после успешной оплаты",
      en: "The receipt is available once the payment has succeeded",
    });
  const list = await fiscalReceiptsOf(ctx.db, p.id);
  const sell = list.find((f) => f.row.kind === "sell")?.row;
  const name = sell ? receiptNo(sell.number) : localDate(p.succeededAt ?? p.updatedAt, ctx.config.timeZone);
  return { p, list, name };
}

export async function getPaymentReceipt({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const { p, list, name } = await receiptOf(ctx, input.id);
  return {
    fileName: `receipt-${name}.txt`,
    text: receiptText(p, ctx.config.operator, ctx.config.timeZone, list),
  };
}

/** The same receipt as a PDF, with the ФНС check QR of each registered fiscal receipt as an image. */
export async function getPaymentReceiptPdf({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const { p, list, name } = await receiptOf(ctx, input.id);
  return {
    fileName: `receipt-${name}.pdf`,
    content: await receiptPdf(p, ctx.config.operator, ctx.config.timeZone, list),
  };
}
