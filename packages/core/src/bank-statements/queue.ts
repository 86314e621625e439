import { accounts, bankDocuments, companies } from "@lk/db";
import { and, asc, eq, gt, or } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { AppError, invalidField, notFound } from "../errors/index";
import { decodeCursor, page } from "../pagination/cursor";
import { sourceDocument } from "./credit";
import { applyPlans } from "./import";
import { type Plan, planDocuments } from "./match";
import type { StatementDocument } from "./types";

type Row = typeof bankDocuments.$inferSelect;

export function bankDocumentView(r: Row) {
  return {
    id: r.id,
    status: r.status,
    queue_reason: r.queueReason,
    source_document: sourceDocument({ kind: "", number: r.number, date: r.docDate }),
    number: r.number,
    date: r.docDate,
    amount: r.amount,
    currency: "RUB" as const,
    payer_name: r.payerName,
    payer_inn: r.payerInn,
    payer_kpp: r.payerKpp,
    payer_account: r.payerAccount,
    recipient_account: r.recipientAccount,
    purpose: r.purpose,
    line: r.line,
    company_id: r.companyId,
    payment_id: r.paymentId,
    created_at: r.createdAt.toISOString(),
  };
}

const isKey = (v: Record<string, unknown>): v is { t: string; id: string } =>
  typeof v.t === "string" && typeof v.id === "string";

/** The operator's queue: documents that matched no customer (or a doubtful one), oldest first. */
export async function listBankQueue({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { limit: number; cursor?: string | undefined };
}) {
  requireOperator(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const r = await ctx.db
    .select()
    .from(bankDocuments)
    .where(
      and(
        eq(bankDocuments.status, "queued"),
        after
          ? or(
              gt(bankDocuments.createdAt, new Date(after.t)),
              and(eq(bankDocuments.createdAt, new Date(after.t)), gt(bankDocuments.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(bankDocuments.createdAt), asc(bankDocuments.id))
    .limit(input.limit + 1);
  const p = page(r, input.limit, (x) => ({ t: x.createdAt.toISOString(), id: x.id }));
  return { data: p.data.map(bankDocumentView), next_cursor: p.next_cursor };
}

const notQueued = () =>
  new AppError(409, "bank_document_not_queued", {
    ru: "Документ уже разобран",
    en: "The document has already been resolved",
  });

const toDoc = (r: Row): StatementDocument => ({
  line: r.line,
  naturalKey: r.naturalKey,
  kind: "Платежное поручение",
  number: r.number,
  date: r.docDate,
  receivedOn: r.receivedOn,
  amount: r.amount,
  payerName: r.payerName,
  payerInn: r.payerInn,
  payerKpp: r.payerKpp,
  payerAccount: r.payerAccount,
  recipientAccount: r.recipientAccount,
  purpose: r.purpose,
});

/**
 * The operator resolves a queued document, audited, in one transaction with its credit:
 * `account_id` — the whole amount to that account; `company_id` (or INN) — matched as if the payer
 * were that company (its only account, its oldest invoices, the rest unallocated); `return` — marked
 * for return to the payer, nothing credited.
 */
export async function resolveBankDocument({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    id: string;
    action: "assign" | "return";
    account_id?: string | undefined;
    company_id?: string | undefined;
    comment?: string | undefined;
  };
}) {
  const who = requireOperator(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(bankDocuments).where(eq(bankDocuments.id, input.id)).for("update");
    if (!row) throw notFound({ ru: "Банковский документ", en: "Bank document" });
    if (row.status !== "queued") throw notQueued();
    if (input.action === "return") {
      const [r] = await tx
        .update(bankDocuments)
        .set({ status: "returned", resolvedAt: ctx.now() })
        .where(eq(bankDocuments.id, row.id))
        .returning();
      await audit(tx, ctx, {
        action: "bank_document.returned",
        companyId: null,
        entityType: "bank_document",
        entityId: row.id,
        data: { amount: row.amount, comment: input.comment ?? null, by: who },
      });
      return bankDocumentView(r!);
    }
    let plan: Plan;
    if (input.account_id) {
      const [acc] = await tx
        .select({
          id: accounts.id,
          number: accounts.number,
          companyId: accounts.companyId,
          status: accounts.status,
        })
        .from(accounts)
        .where(eq(accounts.id, input.account_id));
      if (!acc) throw notFound({ ru: "Лицевой счёт", en: "Account" }, "account_not_found");
      if (acc.status === "closed")
        throw invalidField("account_id", "account_closed", {
          ru: "Лицевой счёт закрыт",
          en: "The account is closed",
        });
      plan = {
        doc: toDoc(row),
        companyId: acc.companyId,
        items: [
          {
            accountId: acc.id,
            accountNumber: acc.number.trim(),
            companyId: acc.companyId,
            invoiceId: null,
            invoiceNumber: null,
            amount: row.amount,
          },
        ],
        unallocated: 0,
        queueReason: null,
      };
    } else if (input.company_id) {
      const [co] = await tx
        .select({ id: companies.id, inn: companies.inn })
        .from(companies)
        .where(eq(companies.id, input.company_id));
      if (!co) throw notFound({ ru: "Компания", en: "Company" }, "company_not_found");
      // Matched as a payment from that company with no invoice or account named.
      [plan] = (await planDocuments(tx, [{ ...toDoc(row), payerInn: co.inn, purpose: "" }])) as [Plan];
    } else
      throw invalidField("account_id", "required", {
        ru: "Укажите account_id или company_id",
        en: "Give account_id or company_id",
      });
    await applyPlans(tx, ctx, [plan]);
    await tx.update(bankDocuments).set({ resolvedAt: ctx.now() }).where(eq(bankDocuments.id, row.id));
    const [r] = await tx.select().from(bankDocuments).where(eq(bankDocuments.id, row.id));
    await audit(tx, ctx, {
      action: "bank_document.assigned",
      companyId: plan.companyId,
      entityType: "bank_document",
      entityId: row.id,
      data: {
        amount: row.amount,
        account_id: input.account_id ?? null,
        company_id: plan.companyId,
        comment: input.comment ?? null,
        by: who,
      },
    });
    return bankDocumentView(r!);
  });
}
