// Who may do what — the one list the API enforces (packages/core/src/context/permissions.ts builds
// its checks from it) and the portal reads to show only the controls a role may use. No imports:
// the portal bundles this file alone through `@lk/contracts/permissions`, without zod.

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

export const roles = ["admin", "accountant", "viewer"] as const;
export type RoleName = (typeof roles)[number];

const READ: readonly Permission[] = ["accounts:read", "calls:read", "documents:read"];

/**
 * A role's permissions. An accountant pays, transfers, takes promised payments, orders services and
 * writes to support, but does not change the company's structure (groups, moving or linking
 * accounts: `accounts:write`) nor its users, keys, webhooks or settings.
 */
export const rolePermissions: Readonly<Record<RoleName, readonly Permission[]>> = {
  admin: permissions,
  accountant: [...READ, "payments:write", "services:write"],
  viewer: READ,
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

export const roleMay = (role: RoleName, permission: Permission): boolean =>
  rolePermissions[role].includes(permission);
