import { z } from "@hono/zod-openapi";
import { Kopecks, listOf, Timestamp, Uuid } from "./common";

export const BankStatementImportReport = z
  .object({
    import_id: Uuid,
    format: z.enum(["1c", "camt053"]),
    documents_read: z
      .number()
      .int()
      .openapi({ description: "Credits to the operator's accounts read from the file" }),
    credited: z.number().int().openapi({ description: "Documents credited to accounts by this import" }),
    to_unallocated: z
      .number()
      .int()
      .openapi({ description: "Documents whose money (or its rest) went to a company's unallocated money" }),
    to_queue: z.number().int().openapi({ description: "Documents sent to the operator's queue" }),
    already_imported: z
      .number()
      .int()
      .openapi({ description: "Documents loaded before (or twice in this file): nothing credited again" }),
    skipped: z
      .number()
      .int()
      .openapi({ description: "Debits and credits to accounts other than the operator's" }),
    unreadable: z.array(z.object({ line: z.number().int(), message: z.string() })),
    amount_credited: Kopecks,
    amount_unallocated: Kopecks,
  })
  .openapi("BankStatementImportReport");

export const BankStatementImportQuery = z.object({ file_name: z.string().max(255).optional() });

export const BankDocument = z
  .object({
    id: Uuid,
    status: z.enum(["credited", "unallocated", "queued", "returned"]),
    queue_reason: z.string().nullable(),
    source_document: z.string().openapi({ example: "Платёжное поручение № 123 от 05.12.2026" }),
    number: z.string(),
    date: z.string(),
    amount: Kopecks,
    currency: z.literal("RUB"),
    payer_name: z.string().nullable(),
    payer_inn: z.string().nullable(),
    payer_kpp: z.string().nullable(),
    payer_account: z.string().nullable(),
    recipient_account: z.string(),
    purpose: z.string(),
    line: z.number().int(),
    company_id: Uuid.nullable(),
    payment_id: Uuid.nullable(),
    created_at: Timestamp,
  })
  .openapi("BankDocument");
export const BankDocumentList = listOf(BankDocument, "BankDocumentList");

export const ResolveBankDocumentRequest = z
  .object({
    action: z.enum(["assign", "return"]),
    account_id: Uuid.optional(),
    company_id: Uuid.optional(),
    comment: z.string().max(500).optional(),
  })
  .strict()
  .openapi("ResolveBankDocumentRequest");

export const Unallocated = z
  .object({
    balance: Kopecks,
    currency: z.literal("RUB"),
    entries: z.array(
      z.object({
        amount: z.number().int(),
        balance_after: Kopecks,
        description: z.string(),
        payment_id: Uuid.nullable(),
        created_at: Timestamp,
      }),
    ),
  })
  .openapi("Unallocated");

export const DistributeUnallocatedRequest = z
  .object({
    targets: z
      .array(z.object({ account_id: Uuid, amount: Kopecks.min(1) }).strict())
      .min(1)
      .max(100),
  })
  .strict()
  .openapi("DistributeUnallocatedRequest");

export const UnallocatedDistribution = z
  .object({ payment_id: Uuid, amount: Kopecks, replayed: z.boolean() })
  .openapi("UnallocatedDistribution");
