import { z } from "@hono/zod-openapi";
import { ListQuery, Timestamp } from "./common";

export const OrderKind = z
  .enum(["connect", "disconnect", "change_tariff", "suspend", "resume", "change_billing"])
  .openapi("OrderKind", {
    description: "change_billing: switch the account between advance and credit payment (`billing_system`)",
  });
const BillingSystem = z
  .enum(["advance", "credit"])
  .openapi({ description: "advance: pay ahead; credit: billed after the month" });
export const OrderStatus = z
  .enum(["new", "in_progress", "done", "rejected", "cancelled"])
  .openapi("OrderStatus");

export const OrderEvent = z
  .object({
    status: OrderStatus,
    comment: z.string().nullable(),
    actor: z.enum(["customer", "operator"]),
    at: Timestamp,
  })
  .openapi("OrderEvent");

export const Order = z
  .object({
    id: z.string().uuid(),
    kind: OrderKind,
    status: OrderStatus,
    account_id: z.string().uuid(),
    account_number: z.string(),
    service_id: z.string().uuid().nullable(),
    service_identifier: z.string().nullable().openapi({
      description: "The service's phone number or login (for connect, once the operator has connected it)",
    }),
    tariff_id: z.string().uuid().nullable(),
    billing_system: BillingSystem.nullable().openapi({ description: "change_billing: the system asked for" }),
    comment: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    closed_at: Timestamp.nullable(),
  })
  .openapi("Order");

export const OrderDetail = Order.extend({ timeline: z.array(OrderEvent) }).openapi("OrderDetail");

export const CreateOrderRequest = z
  .object({
    kind: OrderKind,
    account_id: z.string().uuid(),
    service_id: z.string().uuid().optional(),
    tariff_id: z.string().uuid().optional(),
    billing_system: BillingSystem.optional().openapi({ description: "change_billing: the system wanted" }),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
  .openapi("CreateOrderRequest");

export const OrderListQuery = ListQuery.extend({
  status: OrderStatus.optional(),
  kind: OrderKind.optional(),
  account_id: z.string().uuid().optional(),
});

export const OperatorOrderListQuery = ListQuery.extend({
  status: OrderStatus.optional(),
  kind: OrderKind.optional(),
  company_id: z.string().uuid().optional(),
});

export const OperatorOrder = OrderDetail.extend({ company_id: z.string().uuid() }).openapi("OperatorOrder");

export const TransitionOrderRequest = z
  .object({
    status: z.enum(["in_progress", "done", "rejected"]),
    comment: z.string().trim().max(2000).optional(),
    identifier: z.string().trim().min(1).max(100).optional().openapi({
      description: "connect → done: the new service's phone number or login (generated if absent)",
    }),
  })
  .strict()
  .openapi("TransitionOrderRequest");
