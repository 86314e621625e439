import { companies, companyPaymentSettings, type Queryable } from "@lk/db";
import { eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { type FieldError, invalid, notFound } from "../errors/index";

// A company's payment terms from its contract, set by the operator: whether its credit accounts may
// take a trust payment (the credit-system counterpart of the promised payment), and its own bonus
// percentage in place of the configured one (CoreConfig.bonuses). A company without a row has the
// defaults: no trust payment, the configured percentage.

export interface PaymentSettingsInput {
  /** The company's id, or its INN (the CLI's convenience; the API's path takes the id). */
  company: string;
  trust_payment_allowed?: boolean | undefined;
  /** Basis points of the card part, 0–10 000 (0: no bonuses); null: back to the configured default. */
  bonus_percent_bp?: number | null | undefined;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const companyNotFound = () => notFound({ ru: "Компания", en: "Company" }, "company_not_found");

type Row = {
  id: string;
  name: string;
  billingSystem: "advance" | "credit";
  trust: boolean | null;
  bonus: number | null;
  updatedAt: Date | null;
};

const INN_RE = /^\d{10}(\d{2})?$/;

async function load(db: Queryable, company: string, lock = false): Promise<Row> {
  const ref = company.trim();
  const by = UUID_RE.test(ref) ? eq(companies.id, ref) : INN_RE.test(ref) ? eq(companies.inn, ref) : null;
  if (!by) throw companyNotFound();
  const q = db
    .select({
      id: companies.id,
      name: companies.name,
      billingSystem: companies.billingSystem,
      trust: companyPaymentSettings.trustPaymentAllowed,
      bonus: companyPaymentSettings.bonusPercentBp,
      updatedAt: companyPaymentSettings.updatedAt,
    })
    .from(companies)
    .leftJoin(companyPaymentSettings, eq(companyPaymentSettings.companyId, companies.id))
    .where(by);
  // Two operators changing one company's terms at once: the second waits and audits the first's result.
  // NO KEY UPDATE: the foreign-key checks of the company's other writes (payments, accounts) go on.
  const [row] = lock ? await q.for("no key update", { of: companies }) : await q;
  if (!row) throw companyNotFound();
  return row;
}

function view(ctx: Ctx, r: Row) {
  return {
    company_id: r.id,
    company_name: r.name,
    billing_system: r.billingSystem,
    trust_payment_allowed: r.trust ?? false,
    bonus_percent_bp: r.bonus,
    effective_bonus_percent_bp: r.bonus ?? ctx.config.bonuses.defaultPercentBp,
    updated_at: r.updatedAt ? r.updatedAt.toISOString() : null,
  };
}

export type CompanyPaymentSettingsView = ReturnType<typeof view>;

/** The company's payment terms (operator only); 404 for an unknown company. */
export async function getCompanyPaymentSettings({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { company: string };
}): Promise<CompanyPaymentSettingsView> {
  requireOperator(ctx);
  return view(ctx, await load(ctx.db, input.company));
}

function check(input: PaymentSettingsInput): void {
  const errors: FieldError[] = [];
  const t = input.trust_payment_allowed;
  if (t !== undefined && typeof t !== "boolean")
    errors.push({
      field: "trust_payment_allowed",
      code: "invalid_type",
      message: { ru: "Ожидается true или false", en: "Expected true or false" },
    });
  const b = input.bonus_percent_bp;
  if (b !== undefined && b !== null && !(Number.isInteger(b) && b >= 0 && b <= 10_000))
    errors.push({
      field: "bonus_percent_bp",
      code: "invalid_percent_bp",
      message: {
        ru: "Целое число базисных пунктов от 0 до 10000 (100 = 1 %) или null — по умолчанию",
        en: "A whole number of basis points, 0–10000 (100 = 1 %), or null for the default",
      },
    });
  if (errors.length === 0 && t === undefined && b === undefined)
    errors.push({
      field: "body",
      code: "nothing_to_change",
      message: {
        ru: "Укажите trust_payment_allowed и/или bonus_percent_bp",
        en: "Give trust_payment_allowed and/or bonus_percent_bp",
      },
    });
  if (errors.length > 0) throw invalid(errors);
}

/**
 * Changes the company's payment terms (operator only): the fields given, the others kept. Writes
 * the settings row and the audit row (`company.payment_settings_updated`, old and new values, in
 * the company's audit log) in one transaction.
 */
export async function updateCompanyPaymentSettings({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: PaymentSettingsInput;
}): Promise<CompanyPaymentSettingsView> {
  requireOperator(ctx);
  check(input);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const before = await load(tx, input.company, true);
    const next = {
      trustPaymentAllowed: input.trust_payment_allowed ?? before.trust ?? false,
      bonusPercentBp: input.bonus_percent_bp !== undefined ? input.bonus_percent_bp : before.bonus,
    };
    await tx
      .insert(companyPaymentSettings)
      .values({ companyId: before.id, ...next, updatedAt: now })
      .onConflictDoUpdate({ target: companyPaymentSettings.companyId, set: { ...next, updatedAt: now } });
    const after: Row = {
      ...before,
      trust: next.trustPaymentAllowed,
      bonus: next.bonusPercentBp,
      updatedAt: now,
    };
    await audit(tx, ctx, {
      action: "company.payment_settings_updated",
      companyId: before.id,
      entityType: "company",
      entityId: before.id,
      data: {
        from: { trust_payment_allowed: before.trust ?? false, bonus_percent_bp: before.bonus },
        to: { trust_payment_allowed: next.trustPaymentAllowed, bonus_percent_bp: next.bonusPercentBp },
      },
    });
    return view(ctx, after);
  });
}
