import { accounts, companies, invoices, type PartnerRow, services, tariffs } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import { shiftPeriod } from "../billing/period";
import type { Ctx } from "../context/index";
import { AppError, forbidden, invalidField, rateLimited, unauthorized } from "../errors/index";
import { loadPartnerRow } from "../partners/authenticate";
import { partnerDisabled } from "../partners/errors";
import { type PublicMethod, partnerTerms } from "../partners/view";
import { accountNotFound, invoiceNotFound } from "../payments/errors";
import { invoiceDue } from "../payments/items";
import { type CommissionTerms, commissionFor, MIN_ITEM_AMOUNT } from "../payments/pricing";
import type { AcquirerProvider } from "../payments/provider";
import { createPublicPayment, getPublicPaymentStatus } from "../payments/public";
import { hitRateLimit, refundRateLimit } from "../ratelimit/ratelimit";
import { localMonth } from "../time/index";
import { loadVatRates, vatOf, vatRateOn } from "../vat/rates";
import { maskHolder } from "./masking";

/** Limits of one widget payment: 1 ₽ … 150 000 ₽ (larger sums go by bank transfer or the cabinet). */
export const PUBLIC_MIN_AMOUNT = MIN_ITEM_AMOUNT;
export const PUBLIC_MAX_AMOUNT = 15_000_000;
/** Methods the payments module can take from a widget (each offered only where the partner's contract prices it). */
export const SUPPORTED_PUBLIC_METHODS: readonly PublicMethod[] = ["card", "sbp"];

/** Enumeration guard: lookups per visitor address and per key; a miss costs MISS_WEIGHT hits. */
export const PUBLIC_LIMITS = {
  perAddress: { limit: 30, windowSec: 600 },
  perKey: { limit: 600, windowSec: 60 },
  missWeight: 3,
  paymentsPerAddress: { limit: 20, windowSec: 600 },
};

/** The public caller: a widget (publishable key from an allowed origin) of an active partner. */
async function widgetPartner(ctx: Ctx): Promise<PartnerRow> {
  const p = ctx.principal;
  if (p.type !== "partner") throw unauthorized();
  // The partner's back-end secret has no origin: it reads statuses only, never the widget routes.
  if (p.origin === null)
    throw forbidden(
      { ru: "Нужен публичный ключ pk_…", en: "Use the publishable key pk_…" },
      "publishable_key_required",
    );
  const row = await loadPartnerRow(ctx.db, p.partnerId);
  if (row?.status !== "active") throw partnerDisabled();
  return row;
}

const addressOf = (ctx: Ctx) => ctx.ip ?? "unknown";

/**
 * Checks the per-key and per-address budgets. The address is charged a miss's full weight up front
 * — check and charge in one statement, so parallel misses cannot all pass the check before any of
 * them is counted (issue 18) — and a lookup that finds something gives back the difference
 * (`settle(true)`).
 */
async function limitLookup(ctx: Ctx, partnerId: string): Promise<{ settle(found: boolean): Promise<void> }> {
  const now = ctx.now();
  const k = await hitRateLimit(
    ctx.db,
    `public:key:${partnerId}`,
    PUBLIC_LIMITS.perKey.limit,
    PUBLIC_LIMITS.perKey.windowSec,
    now,
  );
  if (!k.allowed) throw rateLimited(k.retryAfterSec);
  const key = `public:addr:${addressOf(ctx)}`;
  const a = await hitRateLimit(
    ctx.db,
    key,
    PUBLIC_LIMITS.perAddress.limit,
    PUBLIC_LIMITS.perAddress.windowSec,
    now,
    PUBLIC_LIMITS.missWeight,
  );
  if (!a.allowed) throw rateLimited(a.retryAfterSec);
  // A miss runs the same (empty) statement as a hit: the two must take the same time.
  return {
    settle: (found) => refundRateLimit(ctx.db, key, a.windowStart, found ? PUBLIC_LIMITS.missWeight - 1 : 0),
  };
}

function methodsOf(p: PartnerRow) {
  const terms = partnerTerms(p);
  return SUPPORTED_PUBLIC_METHODS.filter((m) => terms[m]).map((m) => ({
    method: m,
    commission_percent_bp: terms[m]!.percent_bp,
    commission_min: terms[m]!.min,
  }));
}

/** 12 digits → account number; +7/8 and 10 digits → a phone service; otherwise a service login. */
export function classifyQuery(raw: string): { kind: "account" | "identifier"; value: string; alt?: string } {
  const q = raw.trim();
  const digits = q.replace(/[\s()-]/g, "");
  if (/^\d{12}$/.test(digits)) return { kind: "account", value: digits };
  const phone = /^(?:\+7|8|7)?(\d{10})$/.exec(digits);
  if (phone) return { kind: "identifier", value: `+7${phone[1]}` };
  return { kind: "identifier", value: q, alt: q.toLowerCase() };
}

/** The 1st of next month in the operator's time zone (when next month's fees fall due). */
/** The first day of next month in the operator's zone: the day whose VAT rate the recommended sum uses. */
export const firstOfNextMonth = (now: Date, tz: string) => `${shiftPeriod(localMonth(now, tz), 1)}-01`;

/**
 * The recommended sum from what was read: the debt if the balance is negative; otherwise next
 * month's fees of active services with VAT at `rateBp` (null: no rate configured for next month,
 * then the net fees rather than a failed lookup).
 */
export function recommendedFrom(balance: number, fees: number, rateBp: number | null): number {
  if (balance < 0) return -balance;
  if (fees <= 0) return 0;
  return fees + vatOf(fees, rateBp ?? 0);
}

/** Debt if the balance is negative; otherwise next month's fees of active services, VAT included. */
export async function recommendedAmount(ctx: Ctx, accountId: string, balance: number): Promise<number> {
  if (balance < 0) return -balance;
  const [row] = await ctx.db
    .select({ fees: sql<number>`COALESCE(SUM(${tariffs.monthlyFee}), 0)::bigint` })
    .from(services)
    .innerJoin(tariffs, eq(tariffs.id, services.tariffId))
    .where(and(eq(services.accountId, accountId), eq(services.status, "active")));
  const net = Number(row?.fees ?? 0);
  if (net <= 0) return 0;
  let rate: number | null = null;
  try {
    rate = vatRateOn(await loadVatRates(ctx.db), firstOfNextMonth(ctx.now(), ctx.config.timeZone));
  } catch {
    rate = null;
  }
  return recommendedFrom(balance, net, rate);
}

export interface LookupInput {
  query: string;
  region?: string | undefined;
}

/**
 * The widget's first step: who is being paid (masked), how much is suggested, within which limits,
 * and by which methods at which commission. Unknown, ambiguous and invisible all look the same:
 * 404 `account_not_found` (the route also pads the answer time).
 */
export async function lookupPublicAccount({ ctx, input }: { ctx: Ctx; input: LookupInput }) {
  const partner = await widgetPartner(ctx);
  const budget = await limitLookup(ctx, partner.id);
  const q = classifyQuery(input.query);
  const cols = {
    id: accounts.id,
    number: accounts.number,
    region: accounts.region,
    status: accounts.status,
    balance: accounts.balance,
    holder: companies.name,
  };
  let found: {
    id: string;
    number: string;
    region: string;
    status: "active" | "suspended" | "closed";
    balance: number;
    holder: string;
  }[];
  if (q.kind === "account") {
    found = await ctx.db
      .select(cols)
      .from(accounts)
      .innerJoin(companies, eq(companies.id, accounts.companyId))
      .where(eq(accounts.number, q.value));
  } else {
    found = await ctx.db
      .selectDistinct(cols)
      .from(services)
      .innerJoin(accounts, eq(accounts.id, services.accountId))
      .innerJoin(companies, eq(companies.id, accounts.companyId))
      .where(
        and(
          sql`lower(${services.identifier}) = ${q.alt ?? q.value.toLowerCase()}`,
          sql`${services.status} <> 'disconnected'`,
          input.region ? eq(accounts.region, input.region) : undefined,
        ),
      )
      .limit(2);
  }
  const acc = found.length === 1 ? found[0] : undefined;
  await budget.settle(!!acc);
  if (!acc) throw accountNotFound();
  return {
    account_number: acc.number.trim(),
    masked_holder: maskHolder(acc.holder),
    region: acc.region,
    status: acc.status,
    recommended_amount: Math.min(
      await recommendedAmount(ctx, acc.id, Number(acc.balance)),
      PUBLIC_MAX_AMOUNT,
    ),
    min_amount: PUBLIC_MIN_AMOUNT,
    max_amount: PUBLIC_MAX_AMOUNT,
    currency: "RUB" as const,
    methods: methodsOf(partner),
  };
}

/** An issued invoice by its number: amount still due, masked holder. Paid ones say `paid`. */
export async function getPublicInvoice({ ctx, input }: { ctx: Ctx; input: { number: string } }) {
  const partner = await widgetPartner(ctx);
  const budget = await limitLookup(ctx, partner.id);
  const [inv] = await ctx.db
    .select({
      number: invoices.number,
      accountNumber: accounts.number,
      holder: companies.name,
      total: invoices.totalAmount,
      due: invoiceDue,
      status: invoices.status,
      dueOn: invoices.dueOn,
      period: invoices.period,
    })
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .innerJoin(companies, eq(companies.id, invoices.companyId))
    .where(eq(invoices.number, input.number.trim()))
    .limit(1);
  await budget.settle(!!inv);
  if (!inv) throw invoiceNotFound();
  const due = Math.max(0, Number(inv.due));
  const status =
    due === 0 || inv.status === "paid"
      ? ("paid" as const)
      : inv.status === "overdue"
        ? ("overdue" as const)
        : due < Number(inv.total)
          ? ("partially_paid" as const)
          : ("issued" as const);
  return {
    number: inv.number,
    account_number: inv.accountNumber.trim(),
    masked_holder: maskHolder(inv.holder),
    amount_due: status === "paid" ? 0 : due,
    status,
    due_date: inv.dueOn,
    period: inv.period,
    currency: "RUB" as const,
  };
}

const outOfRange = (field = "amount") =>
  invalidField(field, "amount_out_of_range", {
    ru: `Сумма — от ${PUBLIC_MIN_AMOUNT / 100} до ${(PUBLIC_MAX_AMOUNT / 100).toLocaleString("ru-RU")} ₽`,
    en: `The amount must be between ${PUBLIC_MIN_AMOUNT / 100} and ${PUBLIC_MAX_AMOUNT / 100} ₽`,
  });

function termsFor(partner: PartnerRow, method: string): CommissionTerms {
  const t = partnerTerms(partner)[method as PublicMethod];
  if (!t || !SUPPORTED_PUBLIC_METHODS.includes(method as PublicMethod))
    throw invalidField("method", "method_not_available", {
      ru: "Этот способ оплаты недоступен",
      en: "This payment method is not available",
    });
  return t;
}

function checkAmount(amount: number | undefined) {
  if (amount === undefined) return;
  if (!Number.isSafeInteger(amount) || amount < PUBLIC_MIN_AMOUNT || amount > PUBLIC_MAX_AMOUNT)
    throw outOfRange();
}

/** Commission and total for an amount and method, by this partner's terms (the browser never prices). */
export async function quotePublicPayment({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { amount: number; method: string };
}) {
  const partner = await widgetPartner(ctx);
  checkAmount(input.amount);
  const commission = commissionFor(input.amount, termsFor(partner, input.method));
  return {
    amount: input.amount,
    commission_amount: commission,
    total_amount: input.amount + commission,
    currency: "RUB" as const,
  };
}

export interface CreatePublicInput {
  account_number?: string | undefined;
  invoice_number?: string | undefined;
  amount?: number | undefined;
  method: string;
  receipt_email?: string | undefined;
  receipt_phone?: string | undefined;
  return_url?: string | undefined;
  idempotency_key: string;
}

type PublicStatus = Awaited<ReturnType<typeof getPublicPaymentStatus>>;

/** The widget's payment shape (docs/widgets.md): total = amount + commission; the receipt's human number. */
export function widgetPaymentView(p: PublicStatus) {
  return {
    id: p.id,
    status: p.status,
    amount: p.amount,
    commission_amount: p.commission,
    total_amount: p.charged_amount,
    currency: "RUB" as const,
    confirmation_url: p.confirmation_url,
    confirmation_type: p.confirmation_type,
    qr: p.qr,
    receipt_number: p.status === "succeeded" || p.status === "refunded" ? p.receipt_number : null,
    failure_reason: p.failure_reason,
    created_at: p.created_at,
    succeeded_at: p.succeeded_at,
  };
}

/** A payment from the widget: priced here with the partner's commission, via the payments module. */
export async function createWidgetPayment({
  ctx,
  input,
  acquirer,
}: {
  ctx: Ctx;
  input: CreatePublicInput;
  acquirer: AcquirerProvider | undefined;
}) {
  const partner = await widgetPartner(ctx);
  if (!input.account_number === !input.invoice_number)
    throw invalidField("account_number", "account_or_invoice_required", {
      ru: "Укажите лицевой счёт или номер счёта на оплату",
      en: "Give either account_number or invoice_number",
    });
  if (input.account_number && input.amount === undefined)
    throw invalidField("amount", "required", { ru: "Обязательное поле", en: "This field is required" });
  checkAmount(input.amount);
  const commission = termsFor(partner, input.method);
  // Creating payments reaches the acquirer: bounded per visitor address too.
  const hit = await hitRateLimit(
    ctx.db,
    `public:pay:${addressOf(ctx)}`,
    PUBLIC_LIMITS.paymentsPerAddress.limit,
    PUBLIC_LIMITS.paymentsPerAddress.windowSec,
    ctx.now(),
  );
  if (!hit.allowed) throw rateLimited(hit.retryAfterSec);
  if (input.invoice_number && input.amount === undefined) {
    // The invoice's amount due is the amount: check the widget's limits before anything is created.
    const [inv] = await ctx.db
      .select({ due: invoiceDue })
      .from(invoices)
      .where(eq(invoices.number, input.invoice_number))
      .limit(1);
    if (inv && Number(inv.due) > PUBLIC_MAX_AMOUNT) throw outOfRange();
  }
  if (input.return_url) {
    let origin = "";
    try {
      origin = new URL(input.return_url).origin;
    } catch {
      /* invalid below */
    }
    // Only back to the partner's own site: never an open redirect through the acquirer.
    if (!partner.allowedOrigins.includes(origin))
      throw invalidField("return_url", "return_url_not_allowed", {
        ru: "Адрес возврата должен быть на сайте партнёра",
        en: "return_url must be on one of the partner's allowed origins",
      });
  }
  const p = await createPublicPayment({
    ctx,
    input: {
      account_number: input.account_number,
      invoice_number: input.invoice_number,
      amount: input.amount,
      method: input.method === "sbp" ? "sbp" : "card",
      receipt_email: input.receipt_email,
      receipt_phone: input.receipt_phone,
      return_url: input.return_url,
      commission,
      idempotency_key: input.idempotency_key,
    },
    acquirer,
  }).catch((e: unknown) => {
    // The payments module names fields of its multi-item body (`items.0.amount`); the widget's
    // body is flat (`amount`, `invoice_number`).
    if (e instanceof AppError && e.fields.length > 0)
      throw new AppError(e.status, e.code, e.msg, {
        headers: e.headers,
        fields: e.fields.map((f) => ({
          ...f,
          field:
            f.field
              .replace(/^items\.0\.?/, "")
              .replace(/^invoice_id$/, "invoice_number")
              .replace(/^account_id$/, "account_number") || "amount",
        })),
      });
    throw e;
  });
  return widgetPaymentView(p);
}

/** Status of a payment started through this partner (its widget or its back end). */
export async function getPartnerPayment({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  if (ctx.principal.type !== "partner") throw unauthorized();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.id))
    throw new AppError(404, "payment_not_found", { ru: "Платёж: не найдено", en: "Payment not found" });
  const row = await loadPartnerRow(ctx.db, ctx.principal.partnerId);
  if (row?.status !== "active") throw partnerDisabled();
  return widgetPaymentView(await getPublicPaymentStatus({ ctx, input }));
}

/** Status of a payment this partner's widget started (the widget polls it while confirming). */
export async function getWidgetPayment({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  await widgetPartner(ctx);
  return widgetPaymentView(await getPublicPaymentStatus({ ctx, input }));
}

/** Waits until `minMs` have passed since `startedAt` (performance.now()): equal answer times. */
export async function padTo(startedAt: number, minMs: number): Promise<void> {
  const left = startedAt + minMs - performance.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
}
export const LOOKUP_MIN_MS = 150;
