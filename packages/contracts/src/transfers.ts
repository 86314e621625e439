import { z } from "@hono/zod-openapi";
import { Kopecks, listOf, Timestamp, Uuid } from "./common";

export const TransferTarget = z.object({ account_id: Uuid, amount: Kopecks.min(100) }).strict();

export const CreateTransferRequest = z
  .object({ from_account_id: Uuid, targets: z.array(TransferTarget).min(1).max(100) })
  .strict()
  .openapi("CreateTransferRequest");

export const Transfer = z
  .object({
    id: Uuid,
    from_account_id: Uuid,
    amount: Kopecks,
    currency: z.literal("RUB"),
    targets: z.array(z.object({ account_id: Uuid, amount: Kopecks })),
    created_at: Timestamp,
  })
  .openapi("Transfer");
export const TransferList = listOf(Transfer, "TransferList");
