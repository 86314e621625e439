import { z } from "@hono/zod-openapi";
import { Currency, Kopecks, ListQuery, Timestamp } from "./common";
import { ServiceKind } from "./tariffs";

export const ServiceStatus = z
  .enum(["pending", "active", "suspended", "disconnected"])
  .openapi("ServiceStatus");

export const Service = z
  .object({
    id: z.string().uuid(),
    account_id: z.string().uuid(),
    account_number: z.string(),
    kind: ServiceKind,
    identifier: z
      .string()
      .openapi({ description: "Phone number (+7…), login or line id", example: "+74951234567" }),
    status: ServiceStatus,
    tariff: z.object({
      id: z.string().uuid(),
      code: z.string(),
      name: z.string(),
      monthly_fee_amount: Kopecks,
      currency: Currency,
    }),
    connected_at: Timestamp.nullable(),
    disconnected_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .openapi("Service");

export const ServiceListQuery = ListQuery.extend({
  account_id: z.string().uuid().optional(),
  status: ServiceStatus.optional(),
  kind: ServiceKind.optional(),
});
