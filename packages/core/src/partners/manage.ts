import { type PartnerRow, partners } from "@lk/db";
import { desc, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { AppError, invalid } from "../errors/index";
import type { CommissionTerms } from "../payments/pricing";
import { newWebhookSecret } from "../webhooks/secret";
import { checkWebhookUrl } from "../webhooks/url";
import { partnerNotFound } from "./errors";
import { generatePartnerSecret, generatePublishableKey } from "./keys";
import { normalizeOrigins } from "./origins";
import { partnerView } from "./view";

export interface CommissionInput {
  card?: CommissionTerms | null | undefined;
  sbp?: CommissionTerms | null | undefined;
}

export interface CreatePartnerInput {
  name: string;
  origins: string[];
  live?: boolean | undefined;
  /** Default: card without commission, SBP not offered. */
  commission?: CommissionInput | undefined;
  webhook_url?: string | null | undefined;
  /** Only for demo data and tests: a fixed publishable key (e.g. `pk_test_demo_partner`). */
  publishable_key?: string | undefined;
}

function webhookUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    return checkWebhookUrl(u);
  } catch (e) {
    if (e instanceof AppError) throw invalid(e.fields.map((f) => ({ ...f, field: "webhook_url" })));
    throw e;
  }
}

function commissionColumns(c: CommissionInput) {
  const cols: Partial<PartnerRow> = {};
  if (c.card !== undefined) {
    cols.cardCommissionBp = c.card?.percent_bp ?? null;
    cols.cardCommissionMin = c.card?.min ?? 0;
  }
  if (c.sbp !== undefined) {
    cols.sbpCommissionBp = c.sbp?.percent_bp ?? null;
    cols.sbpCommissionMin = c.sbp?.min ?? 0;
  }
  return cols;
}

/**
 * Registers a partner site. Returns its publishable key (goes into the partner's HTML), the secret
 * key for its back end and the webhook signing secret: the secret key is shown here once.
 */
export async function createPartner({ ctx, input }: { ctx: Ctx; input: CreatePartnerInput }) {
  requireOperator(ctx);
  const origins = normalizeOrigins(input.origins);
  const live = input.live ?? input.publishable_key?.startsWith("pk_live_") ?? false;
  const secret = generatePartnerSecret();
  const webhookSecret = newWebhookSecret();
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [p] = await tx
      .insert(partners)
      .values({
        name: input.name.trim(),
        publishableKey: input.publishable_key ?? generatePublishableKey(live),
        live,
        allowedOrigins: origins,
        cardCommissionBp: 0,
        cardCommissionMin: 0,
        ...commissionColumns(input.commission ?? {}),
        secretKeyHash: secret.hash,
        secretKeyPrefix: secret.prefix,
        webhookUrl: webhookUrl(input.webhook_url),
        webhookSecret,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: "partner.created",
      entityType: "partner",
      entityId: p!.id,
      data: { name: p!.name, origins, live },
    });
    return p!;
  });
  return { ...partnerView(row), secret_key: secret.key, webhook_secret: webhookSecret };
}

export async function listPartners({ ctx }: { ctx: Ctx; input?: Record<string, never> }) {
  requireOperator(ctx);
  const rows = await ctx.db.select().from(partners).orderBy(desc(partners.createdAt), desc(partners.id));
  return { data: rows.map(partnerView), next_cursor: null };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadPartner(db: Ctx["db"], id: string): Promise<PartnerRow> {
  if (!UUID_RE.test(id)) throw partnerNotFound();
  const [p] = await db.select().from(partners).where(eq(partners.id, id));
  if (!p) throw partnerNotFound();
  return p;
}

export async function getPartner({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  return partnerView(await loadPartner(ctx.db, input.id));
}

export interface UpdatePartnerInput {
  id: string;
  name?: string | undefined;
  origins?: string[] | undefined;
  commission?: CommissionInput | undefined;
  webhook_url?: string | null | undefined;
  status?: "active" | "disabled" | undefined;
}

export async function updatePartner({ ctx, input }: { ctx: Ctx; input: UpdatePartnerInput }) {
  requireOperator(ctx);
  if (!UUID_RE.test(input.id)) throw partnerNotFound();
  const set: Partial<PartnerRow> = { updatedAt: ctx.now() };
  if (input.name !== undefined) set.name = input.name.trim();
  if (input.origins !== undefined) set.allowedOrigins = normalizeOrigins(input.origins);
  if (input.commission !== undefined) Object.assign(set, commissionColumns(input.commission));
  if (input.webhook_url !== undefined) set.webhookUrl = webhookUrl(input.webhook_url);
  if (input.status !== undefined) set.status = input.status;
  const row = await ctx.db.transaction(async (tx) => {
    const [p] = await tx.update(partners).set(set).where(eq(partners.id, input.id)).returning();
    if (!p) throw partnerNotFound();
    const { id: _id, ...changes } = input;
    await audit(tx, ctx, { action: "partner.updated", entityType: "partner", entityId: p.id, data: changes });
    return p;
  });
  return partnerView(row);
}

/**
 * New publishable and secret keys (and webhook secret) at once; the old ones stop working now.
 * The new publishable key must go into the partner's pages before they work again.
 */
export async function rotatePartnerKeys({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  if (!UUID_RE.test(input.id)) throw partnerNotFound();
  const secret = generatePartnerSecret();
  const webhookSecret = newWebhookSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [cur] = await tx.select().from(partners).where(eq(partners.id, input.id)).for("update");
    if (!cur) throw partnerNotFound();
    const [p] = await tx
      .update(partners)
      .set({
        publishableKey: generatePublishableKey(cur.live),
        secretKeyHash: secret.hash,
        secretKeyPrefix: secret.prefix,
        webhookSecret,
        updatedAt: ctx.now(),
      })
      .where(eq(partners.id, input.id))
      .returning();
    await audit(tx, ctx, { action: "partner.keys_rotated", entityType: "partner", entityId: p!.id });
    return p!;
  });
  return { ...partnerView(row), secret_key: secret.key, webhook_secret: webhookSecret };
}
