import { z } from "@hono/zod-openapi";
import { Currency, Kopecks, ListQuery } from "./common";

export const ServiceKind = z
  .enum(["internet", "telephony", "tv", "vpn", "equipment_rent", "other"])
  .openapi("ServiceKind");

export const TariffRate = z
  .object({
    destination_type: z.enum(["local", "long_distance", "international", "mobile"]),
    per_minute_amount: Kopecks,
    currency: Currency,
  })
  .openapi("TariffRate");

export const Tariff = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    kind: ServiceKind,
    monthly_fee_amount: Kopecks.openapi({ description: "Monthly fee, kopecks, net of VAT" }),
    currency: Currency,
    rounding: z.enum(["per_second", "per_minute"]),
    description: z.string().nullable(),
    active: z.boolean(),
    rates: z.array(TariffRate),
  })
  .openapi("Tariff");

export const TariffListQuery = ListQuery.extend({
  kind: ServiceKind.optional(),
  include_inactive: z.enum(["true", "false"]).optional(),
});
