import { z } from "@hono/zod-openapi";
import { Email, Phone, Timestamp } from "./common";

export const Role = z.enum(["admin", "accountant", "viewer"]).openapi("Role");

export const User = z
  .object({
    id: z.string().uuid(),
    login: z.string(),
    full_name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: Role,
    status: z.enum(["active", "blocked"]),
    must_change_password: z.boolean(),
    temporary_password_expires_at: Timestamp.nullable(),
    locked_until: Timestamp.nullable(),
    group_ids: z.array(z.string().uuid()).openapi({ description: "Empty: sees every group" }),
    created_at: Timestamp,
  })
  .openapi("User");

export const UserList = z
  .object({ data: z.array(User), next_cursor: z.string().nullable() })
  .openapi("UserList");

export const InviteUserRequest = z
  .object({
    full_name: z.string().trim().min(2).max(200),
    email: Email,
    phone: Phone.optional(),
    role: Role,
    login: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/)
      .optional()
      .openapi({ description: "3–40 latin letters, digits, . _ -; generated when omitted" }),
    group_ids: z
      .array(z.string().uuid())
      .max(200)
      .optional()
      .openapi({ description: "Restrict to these groups" }),
  })
  .openapi("InviteUserRequest");

export const Invitation = z
  .object({ user: User, login: z.string(), temporary_password: z.string(), expires_at: Timestamp })
  .openapi("Invitation");

export const UpdateUserRequest = z
  .object({
    full_name: z.string().trim().min(2).max(200).optional(),
    phone: Phone.nullable().optional(),
    role: Role.optional(),
  })
  .openapi("UpdateUserRequest");

export const SetUserGroupsRequest = z
  .object({ group_ids: z.array(z.string().uuid()).max(200) })
  .openapi("SetUserGroupsRequest");
