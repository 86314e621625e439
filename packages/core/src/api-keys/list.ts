import { apiKeys } from "@lk/db";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { decodeCursor, page } from "../pagination/cursor";
import { apiKeyView } from "./view";

type Key = { t: string; id: string };
const isKey = (v: Record<string, unknown>): v is Key => typeof v.t === "string" && typeof v.id === "string";

/** The company's keys, newest first; revoked ones too unless `active_only`. */
export async function listApiKeys({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { limit: number; cursor?: string | undefined; active_only?: boolean | undefined };
}) {
  requirePermission(ctx, "api_keys:manage");
  const { companyId } = companyScope(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const afterTime = after ? new Date(after.t) : undefined;
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.companyId, companyId),
        input.active_only ? isNull(apiKeys.revokedAt) : undefined,
        after && afterTime && !Number.isNaN(afterTime.getTime())
          ? or(
              lt(apiKeys.createdAt, afterTime),
              and(eq(apiKeys.createdAt, afterTime), lt(apiKeys.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(input.limit + 1);
  const res = page(rows, input.limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }));
  return { data: res.data.map(apiKeyView), next_cursor: res.next_cursor };
}
