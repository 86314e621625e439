import { z } from "@hono/zod-openapi";
import { Kopecks, Timestamp } from "./common";

export const CommissionTermsSchema = z
  .object({
    percent_bp: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .openapi({ description: "Basis points of the amount (150 = 1.5 %)", example: 150 }),
    min: Kopecks.min(0).max(100_000_000).openapi({ description: "At least this many kopecks", example: 0 }),
  })
  .strict()
  .openapi("CommissionTerms");

export const PartnerCommission = z
  .object({
    card: CommissionTermsSchema.nullable().optional(),
    sbp: CommissionTermsSchema.nullable().optional(),
  })
  .strict()
  .openapi("PartnerCommission", { description: "Per method; `null` = the method is not offered" });

const Origin = z.string().trim().min(1).max(300).openapi({ example: "https://bank.example" });

export const CreatePartnerRequest = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: "Банк «Пример»" }),
    origins: z.array(Origin).min(1).max(50),
    live: z
      .boolean()
      .optional()
      .openapi({ description: "pk_live_ (real acquirer) or pk_test_ (sandbox); default test" }),
    commission: PartnerCommission.optional(),
    webhook_url: z.string().trim().max(2048).nullish(),
  })
  .strict()
  .openapi("CreatePartnerRequest");

export const UpdatePartnerRequest = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    origins: z.array(Origin).min(1).max(50).optional(),
    commission: PartnerCommission.optional(),
    webhook_url: z.string().trim().max(2048).nullish(),
    status: z.enum(["active", "disabled"]).optional(),
  })
  .strict()
  .openapi("UpdatePartnerRequest");

export const Partner = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    publishable_key: z.string().openapi({ example: "pk_test_3hV…" }),
    live: z.boolean(),
    allowed_origins: z.array(z.string()),
    commission: z.object({ card: CommissionTermsSchema.nullable(), sbp: CommissionTermsSchema.nullable() }),
    secret_key_prefix: z.string().openapi({ example: "sk_partner_AbC1…" }),
    webhook_url: z.string().nullable(),
    status: z.enum(["active", "disabled"]),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Partner");

export const PartnerWithSecrets = Partner.extend({
  secret_key: z.string().openapi({ description: "`sk_partner_…` for the partner's back end: shown ONCE" }),
  webhook_secret: z
    .string()
    .openapi({ description: "`whsec_…` to verify webhook signatures (Standard Webhooks)" }),
}).openapi("PartnerWithSecrets");

export const PartnerList = z
  .object({ data: z.array(Partner), next_cursor: z.string().nullable() })
  .openapi("PartnerList");
