import type { users } from "@lk/db";

type UserRow = typeof users.$inferSelect;

export function toUserView(u: UserRow, groupIds: string[]) {
  return {
    id: u.id,
    login: u.login,
    full_name: u.fullName,
    email: u.email,
    phone: u.phone,
    role: u.role,
    status: u.status,
    must_change_password: u.mustChangePassword,
    temporary_password_expires_at: u.mustChangePassword
      ? (u.tempPasswordExpiresAt?.toISOString() ?? null)
      : null,
    locked_until: u.lockedUntil?.toISOString() ?? null,
    /** Empty: sees every group of the company. */
    group_ids: groupIds,
    created_at: u.createdAt.toISOString(),
  };
}
