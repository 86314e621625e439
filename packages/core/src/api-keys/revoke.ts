import { apiKeys } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { apiKeyNotFound } from "./errors";
import { type ApiKeyView, apiKeyView } from "./view";

/** Revokes a key at once (the next request with it is 401 `api_key_revoked`). Repeating is harmless. */
export async function revokeApiKey({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<ApiKeyView> {
  requirePermission(ctx, "api_keys:manage");
  const { companyId } = companyScope(ctx);
  const p = ctx.principal;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, input.id), eq(apiKeys.companyId, companyId)))
      .for("update");
    if (!row) throw apiKeyNotFound();
    if (row.revokedAt) return apiKeyView(row);
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: now, revokedBy: p.type === "user" ? p.userId : null })
      .where(eq(apiKeys.id, row.id))
      .returning();
    await audit(tx, ctx, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: row.id,
      data: { name: row.name, prefix: row.displayPrefix },
    });
    return apiKeyView(updated!);
  });
}
