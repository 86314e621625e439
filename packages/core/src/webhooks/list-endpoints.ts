import { webhookEndpoints } from "@lk/db";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { decodeCursor, page } from "../pagination/cursor";
import { loadEndpoint } from "./load";
import { type EndpointView, endpointView } from "./view";

type Key = { t: string; id: string };
export const isTimeIdKey = (v: Record<string, unknown>): v is Key =>
  typeof v.t === "string" && typeof v.id === "string" && !Number.isNaN(Date.parse(v.t));

export async function listWebhookEndpoints({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { limit: number; cursor?: string | undefined };
}) {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  const after = decodeCursor(input.cursor, isTimeIdKey);
  const t = after ? new Date(after.t) : undefined;
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.companyId, companyId),
        isNull(webhookEndpoints.deletedAt),
        after && t
          ? or(
              lt(webhookEndpoints.createdAt, t),
              and(eq(webhookEndpoints.createdAt, t), lt(webhookEndpoints.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(input.limit + 1);
  const res = page(rows, input.limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }));
  return { data: res.data.map(endpointView), next_cursor: res.next_cursor };
}

export async function getWebhookEndpoint({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<EndpointView> {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  return endpointView(await loadEndpoint(ctx.db, companyId, input.id));
}
