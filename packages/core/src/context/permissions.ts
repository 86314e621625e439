import { type Permission, type RoleName, rolePermissions as roleLists } from "@lk/contracts/permissions";
import { forbidden, unauthorized } from "../errors/index";
import type { Ctx } from "./ctx";

// The lists live in @lk/contracts/permissions so the portal hides exactly what this refuses.
export { apiKeyScopes, type Permission, permissions } from "@lk/contracts/permissions";

/**
 * What a principal may do. Roles map to permissions there and API-key scopes are the same strings,
 * so one check serves the portal and integrators alike.
 */
export const rolePermissions: Record<RoleName, ReadonlySet<Permission>> = {
  admin: new Set(roleLists.admin),
  accountant: new Set(roleLists.accountant),
  viewer: new Set(roleLists.viewer),
};

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
