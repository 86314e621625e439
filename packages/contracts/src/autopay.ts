import { z } from "@hono/zod-openapi";
import { Kopecks, listOf, Timestamp, Uuid } from "./common";

export const AutopayRule = z
  .object({
    id: Uuid,
    account_id: Uuid,
    kind: z.enum(["threshold", "monthly_debt"]),
    threshold: Kopecks.nullable(),
    amount: Kopecks.nullable(),
    day_of_month: z.number().int().nullable(),
    saved_card_id: Uuid,
    monthly_limit: Kopecks,
    max_failures: z.number().int(),
    failures: z.number().int(),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("AutopayRule");
export const AutopayRuleList = listOf(AutopayRule, "AutopayRuleList");

export const CreateAutopayRuleRequest = z
  .object({
    account_id: Uuid,
    kind: z.enum(["threshold", "monthly_debt"]),
    threshold: Kopecks.optional(),
    amount: Kopecks.min(100).optional(),
    day_of_month: z.number().int().min(1).max(28).optional(),
    saved_card_id: Uuid,
    monthly_limit: Kopecks.min(100),
    max_failures: z.number().int().min(1).max(10).optional(),
  })
  .strict()
  .openapi("CreateAutopayRuleRequest");

export const UpdateAutopayRuleRequest = z
  .object({
    enabled: z.boolean().optional(),
    threshold: Kopecks.optional(),
    amount: Kopecks.min(100).optional(),
    day_of_month: z.number().int().min(1).max(28).optional(),
    monthly_limit: Kopecks.min(100).optional(),
    max_failures: z.number().int().min(1).max(10).optional(),
  })
  .strict()
  .openapi("UpdateAutopayRuleRequest");

export const SavedCard = z
  .object({
    id: Uuid,
    mask: z.string().nullable().openapi({ example: "•••• 4242" }),
    expiry_month: z.number().int().min(1).max(12).nullable().openapi({
      description:
        "The card's expiry month (1–12) as the acquirer reported it; null for a card saved before it was kept",
      example: 12,
    }),
    expiry_year: z.number().int().min(2000).max(2099).nullable().openapi({
      description: "The card's expiry year, four digits (12 and 2028 are «12/28»); null as expiry_month",
      example: 2028,
    }),
    created_at: Timestamp,
    autopay_rules: z.number().int().openapi({
      description: "Enabled autopay rules that charge this card (switched off if it is removed)",
    }),
  })
  .openapi("SavedCard");
export const RemovedSavedCard = z
  .object({
    id: Uuid,
    autopay_rules_disabled: z
      .number()
      .int()
      .openapi({ description: "Autopay rules switched off with the card" }),
  })
  .openapi("RemovedSavedCard");
export const SavedCardList = listOf(SavedCard, "SavedCardList");
