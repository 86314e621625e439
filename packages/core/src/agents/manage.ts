import { isUniqueViolation, type PaymentAgentRow, paymentAgents } from "@lk/db";
import { desc, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { invalidField } from "../errors/index";
import { agentLoginTaken, agentNotFound } from "./errors";
import { generateAgentSecret } from "./keys";
import { normalizeSources } from "./sources";
import { agentView } from "./view";

export interface CreateAgentInput {
  login: string;
  name: string;
  allowed_sources: string[];
  commission_bp?: number | undefined;
  timeout_ms?: number | undefined;
}

export interface UpdateAgentInput {
  id: string;
  name?: string | undefined;
  allowed_sources?: string[] | undefined;
  commission_bp?: number | undefined;
  timeout_ms?: number | undefined;
  status?: "active" | "disabled" | undefined;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOGIN_RE = /^[a-z0-9][a-z0-9_.-]{2,63}$/;

function checkTerms(input: { commission_bp?: number | undefined; timeout_ms?: number | undefined }) {
  const bp = input.commission_bp;
  if (bp !== undefined && (!Number.isInteger(bp) || bp < 0 || bp > 10_000))
    throw invalidField("commission_bp", "invalid_commission", {
      ru: "Комиссия — целое число базисных пунктов от 0 до 10000",
      en: "Commission is an integer number of basis points, 0 to 10000",
    });
  const t = input.timeout_ms;
  if (t !== undefined && (!Number.isInteger(t) || t < 100 || t > 120_000))
    throw invalidField("timeout_ms", "invalid_timeout", {
      ru: "Тайм-аут — от 100 до 120000 мс",
      en: "Timeout must be 100 to 120000 ms",
    });
}

/**
 * Registers a payment agent. Returns its generated secret (the HTTP Basic password for the
 * gateway) once; only its SHA-256 is kept.
 */
export async function createAgent({ ctx, input }: { ctx: Ctx; input: CreateAgentInput }) {
  requireOperator(ctx);
  const login = input.login.trim().toLowerCase();
  if (!LOGIN_RE.test(login))
    throw invalidField("login", "invalid_login", {
      ru: "Логин: 3–64 символа, латинские буквы, цифры, «_», «.», «-»",
      en: "Login: 3–64 characters, latin letters, digits, _ . -",
    });
  const sources = normalizeSources(input.allowed_sources);
  checkTerms(input);
  const s = generateAgentSecret();
  const now = ctx.now();
  const row = await ctx.db
    .transaction(async (tx) => {
      const [a] = await tx
        .insert(paymentAgents)
        .values({
          login,
          name: input.name.trim(),
          secretHash: s.hash,
          secretPrefix: s.prefix,
          allowedSources: sources,
          commissionBp: input.commission_bp ?? 0,
          timeoutMs: input.timeout_ms ?? 60_000,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await audit(tx, ctx, {
        action: "agent.created",
        entityType: "payment_agent",
        entityId: a!.id,
        data: { login, name: a!.name, allowed_sources: sources, commission_bp: a!.commissionBp },
      });
      return a!;
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw agentLoginTaken();
      throw e;
    });
  return { ...agentView(row), secret: s.secret };
}

export async function listAgents({ ctx }: { ctx: Ctx }) {
  requireOperator(ctx);
  const rows = await ctx.db
    .select()
    .from(paymentAgents)
    .orderBy(desc(paymentAgents.createdAt), desc(paymentAgents.id));
  return { data: rows.map(agentView), next_cursor: null };
}

/** An agent by id or login (the CLI takes either). */
export async function loadAgent(db: Ctx["db"], idOrLogin: string): Promise<PaymentAgentRow> {
  const [a] = await db
    .select()
    .from(paymentAgents)
    .where(
      UUID_RE.test(idOrLogin)
        ? eq(paymentAgents.id, idOrLogin)
        : eq(paymentAgents.login, idOrLogin.toLowerCase()),
    );
  if (!a) throw agentNotFound();
  return a;
}

export async function getAgent({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  return agentView(await loadAgent(ctx.db, input.id));
}

export async function updateAgent({ ctx, input }: { ctx: Ctx; input: UpdateAgentInput }) {
  requireOperator(ctx);
  const cur = await loadAgent(ctx.db, input.id);
  checkTerms(input);
  const set: Partial<PaymentAgentRow> = { updatedAt: ctx.now() };
  if (input.name !== undefined) set.name = input.name.trim();
  if (input.allowed_sources !== undefined) set.allowedSources = normalizeSources(input.allowed_sources);
  if (input.commission_bp !== undefined) set.commissionBp = input.commission_bp;
  if (input.timeout_ms !== undefined) set.timeoutMs = input.timeout_ms;
  if (input.status !== undefined) set.status = input.status;
  const row = await ctx.db.transaction(async (tx) => {
    const [a] = await tx.update(paymentAgents).set(set).where(eq(paymentAgents.id, cur.id)).returning();
    const { id: _id, ...changes } = input;
    await audit(tx, ctx, {
      action: "agent.updated",
      entityType: "payment_agent",
      entityId: cur.id,
      data: changes,
    });
    return a!;
  });
  return agentView(row);
}

/** A new secret; the old one stops working at once. */
export async function rotateAgentSecret({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  const cur = await loadAgent(ctx.db, input.id);
  const s = generateAgentSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [a] = await tx
      .update(paymentAgents)
      .set({ secretHash: s.hash, secretPrefix: s.prefix, updatedAt: ctx.now() })
      .where(eq(paymentAgents.id, cur.id))
      .returning();
    await audit(tx, ctx, { action: "agent.secret_rotated", entityType: "payment_agent", entityId: cur.id });
    return a!;
  });
  return { ...agentView(row), secret: s.secret };
}
