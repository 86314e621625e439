import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

export const SignInRequest = z
  .object({
    login: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .openapi({ description: "Login, e-mail or phone", example: "demo-admin" }),
    password: z.string().min(1).max(200),
  })
  .openapi("SignInRequest");

export const Session = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ description: "Seconds the access token lives" }),
    refresh_token: z.string().openapi({ description: "Also set as an httpOnly cookie `lk_refresh`" }),
    refresh_expires_at: Timestamp,
    password_change_required: z.boolean().openapi({
      description: "Signed in with a temporary password: only `POST /v1/auth/password` is allowed",
    }),
  })
  .openapi("Session");

export const RefreshRequest = z
  .object({
    refresh_token: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Or the `lk_refresh` cookie" }),
  })
  .openapi("RefreshRequest");

export const ChangePasswordRequest = z
  .object({ current_password: z.string().min(1).max(200), new_password: z.string().min(1).max(200) })
  .openapi("ChangePasswordRequest");

export const ForgotPasswordRequest = z
  .object({ login: z.string().trim().min(1).max(254) })
  .openapi("ForgotPasswordRequest");

export const ResetPasswordRequest = z
  .object({
    login: z.string().trim().min(1).max(254),
    code: z.string().regex(/^\d{6}$/),
    new_password: z.string().min(1).max(200),
  })
  .openapi("ResetPasswordRequest");

export const Me = z
  .object({
    id: z.string().uuid(),
    login: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    full_name: z.string(),
    role: z.enum(["admin", "accountant", "viewer"]),
    password_change_required: z.boolean(),
    group_ids: z.array(z.string().uuid()).nullable().openapi({ description: "null: all groups" }),
    company: z.object({
      id: z.string().uuid(),
      name: z.string(),
      inn: z.string(),
      kpp: z.string().nullable(),
      billing_system: z.enum(["advance", "credit"]),
      contract_number: z.string(),
    }),
  })
  .openapi("Me");
