import { forbidden, unauthorized } from "../errors/index";
import type { Ctx } from "./ctx";

/**
 * What a principal may do. Roles map to permissions here and API-key scopes are the same strings,
 * so one check serves the portal and integrators alike.
 */
export const permissions = [
  "accounts:read",
  "accounts:write",
  "calls:read",
  "documents:read",
  "payments:write",
  "services:write",
  "webhooks:write",
  "users:manage",
  "api_keys:manage",
  "company:manage",
] as const;
export type Permission = (typeof permissions)[number];

const READ: Permission[] = ["accounts:read", "calls:read", "documents:read"];
export const rolePermissions: Record<"admin" | "accountant" | "viewer", ReadonlySet<Permission>> = {
  admin: new Set(permissions),
  accountant: new Set<Permission>([...READ, "payments:write", "services:write"]),
  viewer: new Set<Permission>(READ),
};

/** Scopes an API key may carry (never user or key management). */
export const apiKeyScopes = [
  "accounts:read",
  "calls:read",
  "documents:read",
  "payments:write",
  "services:write",
  "webhooks:write",
] as const satisfies readonly Permission[];

export function hasPermission(ctx: Ctx, permission: Permission): boolean {
  const p = ctx.principal;
  if (p.type === "user") return !p.passwordChangeOnly && rolePermissions[p.role].has(permission);
  if (p.type === "api_key") return p.scopes.includes(permission);
  return false;
}

/** Throws 401 for no principal, 403 for a principal without the permission. Call it first. */
export function requirePermission(ctx: Ctx, permission: Permission): void {
  const p = ctx.principal;
  if (p.type === "anonymous") throw unauthorized();
  if (p.type === "user" && p.passwordChangeOnly) {
    throw forbidden(
      { ru: "Сначала смените временный пароль", en: "Change your temporary password first" },
      "password_change_required",
    );
  }
  if (!hasPermission(ctx, permission)) throw forbidden();
}

/** Back-office only: no credentials → 401; a company user, key or partner → 403. */
export function requireOperator(ctx: Ctx): string {
  if (ctx.principal.type === "anonymous") throw unauthorized();
  if (ctx.principal.type !== "operator") throw forbidden();
  return ctx.principal.name;
}
