import { z } from "@hono/zod-openapi";
import { Timestamp, Uuid } from "./common";

/** Operator API: a company's payment terms from its contract (trust payment, bonus percentage). */

export const CompanyIdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" }, description: "The company's id" }),
});

const BonusPercentBp = z.number().int().min(0).max(10_000).openapi({
  description: "Basis points of the card part of a payment (100 = 1 %; 0 = no bonuses)",
  example: 150,
});

export const CompanyPaymentSettings = z
  .object({
    company_id: Uuid,
    company_name: z.string(),
    billing_system: z.enum(["advance", "credit"]),
    trust_payment_allowed: z.boolean().openapi({
      description:
        "The contract provides for a trust payment: the company's credit accounts may take one (limit, 5 days, once a month, as a promised payment)",
    }),
    bonus_percent_bp: BonusPercentBp.nullable().openapi({
      description:
        "The company's own bonus percentage; `null` = the configured default (`LK_BONUS_PERCENT_BP`)",
    }),
    effective_bonus_percent_bp: z
      .number()
      .int()
      .openapi({ description: "What the company's payments accrue now, in basis points" }),
    updated_at: Timestamp.nullable().openapi({ description: "`null`: never set (the defaults apply)" }),
  })
  .openapi("CompanyPaymentSettings");

export const UpdateCompanyPaymentSettingsRequest = z
  .object({
    trust_payment_allowed: z.boolean().optional(),
    bonus_percent_bp: BonusPercentBp.nullable().optional(),
  })
  .strict()
  .openapi("UpdateCompanyPaymentSettingsRequest", {
    description:
      "The fields given change, the others stay; at least one. `bonus_percent_bp: null` returns to the default.",
  });
