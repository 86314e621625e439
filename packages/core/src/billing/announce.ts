import { accounts, type invoices, type Tx, webhookEndpoints } from "@lk/db";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { invoiceView } from "../invoices/view";
import { notify } from "../notifications/notify";
import { emitEvent } from "../webhooks/emit";
import { ALL_EVENTS } from "../webhooks/events";

type Created = typeof invoices.$inferInsert;
type InvoiceRow = typeof invoices.$inferSelect;

const rub = (k: number) => (k / 100).toFixed(2).replace(".", ",");

/**
 * Tells the world about the invoices a billing batch just created, in the batch's transaction:
 * the `invoice.issued` webhook (the invoice as `GET /v1/invoices/{id}` shows it) to every
 * subscribed endpoint, and the `invoice_issued` notice to the users who see the account. A batch
 * that commits announces its invoices exactly once; a re-run creates no invoice, so it announces
 * nothing. Companies without a subscribed endpoint cost one query for the whole batch.
 */
export async function announceInvoices(tx: Tx, ctx: Ctx, created: Created[], now: Date): Promise<void> {
  if (created.length === 0) return;
  const companyIds = [...new Set(created.map((r) => r.companyId))];
  const listening = new Set(
    (
      await tx
        .selectDistinct({ companyId: webhookEndpoints.companyId })
        .from(webhookEndpoints)
        .where(
          and(
            inArray(webhookEndpoints.companyId, companyIds),
            eq(webhookEndpoints.status, "active"),
            isNull(webhookEndpoints.deletedAt),
            sql`('invoice.issued' = ANY(${webhookEndpoints.events}) OR ${ALL_EVENTS} = ANY(${webhookEndpoints.events}))`,
          ),
        )
    ).map((r) => r.companyId),
  );
  const accs = new Map(
    (
      await tx
        .select({ id: accounts.id, number: accounts.number, groupId: accounts.groupId })
        .from(accounts)
        .where(
          inArray(
            accounts.id,
            created.map((r) => r.accountId),
          ),
        )
    ).map((a) => [a.id, a]),
  );
  const base = ctx.config.publicUrl.replace(/\/$/, "");
  for (const r of created) {
    const acc = accs.get(r.accountId);
    if (listening.has(r.companyId)) {
      const row = { ...r, status: "issued", paidAt: null } as unknown as InvoiceRow;
      await emitEvent(tx, {
        companyId: r.companyId,
        type: "invoice.issued",
        data: invoiceView({ ...row, accountNumber: acc?.number ?? "", groupId: acc?.groupId ?? null }, base),
        now,
      });
    }
    await notify(tx, {
      companyId: r.companyId,
      kind: "invoice_issued",
      accountId: r.accountId,
      title: { ru: `Выставлен счёт № ${r.number}`, en: `Invoice ${r.number} issued` },
      body: {
        ru: `Счёт № ${r.number} за ${r.period} по лицевому счёту ${acc?.number ?? ""}: ${rub(r.totalAmount)} ₽, оплатить до ${r.dueOn}.`,
        en: `Invoice ${r.number} for ${r.period}, account ${acc?.number ?? ""}: ${rub(r.totalAmount)} RUB, due ${r.dueOn}.`,
      },
      data: { invoice_id: r.id, account_id: r.accountId, period: r.period, amount: r.totalAmount },
      dedupeKey: `invoice_issued:${r.id}`,
      now,
    });
  }
}
