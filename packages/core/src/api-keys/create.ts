import { apiKeys } from "@lk/db";
import { audit } from "../audit/audit";
import { apiKeyScopes, type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField } from "../errors/index";
import { generateApiKey } from "./key";
import { type ApiKeyView, apiKeyView } from "./view";

export interface CreateApiKeyInput {
  name: string;
  scopes: string[];
  mode: "live" | "test";
}

/** Creates a key for the admin's company. The returned `key` is the only time it is ever shown. */
export async function createApiKey({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateApiKeyInput;
}): Promise<ApiKeyView & { key: string }> {
  requirePermission(ctx, "api_keys:manage");
  const { companyId } = companyScope(ctx);
  const allowed = apiKeyScopes as readonly string[];
  const bad = input.scopes.findIndex((s) => !allowed.includes(s));
  if (bad >= 0)
    throw invalidField(`scopes.${bad}`, "invalid_scope", {
      ru: `Неизвестная область доступа. Допустимые: ${allowed.join(", ")}`,
      en: `Unknown scope. Allowed: ${allowed.join(", ")}`,
    });
  const name = input.name.trim();
  if (!name)
    throw invalidField("name", "too_small", { ru: "Поле не должно быть пустым", en: "Must not be empty" });
  const p = ctx.principal;
  const createdBy = p.type === "user" ? p.userId : null;
  const secret = generateApiKey(input.mode === "live");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        companyId,
        name,
        keyHash: secret.hash,
        displayPrefix: secret.displayPrefix,
        live: input.mode === "live",
        scopes: [...new Set(input.scopes)],
        createdBy,
        createdAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: "api_key.created",
      entityType: "api_key",
      entityId: row!.id,
      data: { name, mode: input.mode, scopes: row!.scopes, prefix: row!.displayPrefix },
    });
    return { ...apiKeyView(row!), key: secret.key };
  });
}
