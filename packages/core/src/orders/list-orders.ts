import { accounts, type OrderKind, type OrderStatus, orderEvents, orders, services } from "@lk/db";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { audit } from "../audit/audit";
import { actorOf, type Ctx, companyScope, requirePermission } from "../context/index";
import { newestFirstAfter, newestFirstKey, page } from "../pagination/cursor";
import { emitEvent } from "../webhooks/emit";
import { notCancellable, orderNotFound } from "./errors";
import { orderDetail, presentOrder } from "./present";

/** The company's orders, newest first; a restricted user sees those of their groups' accounts. */
export async function listOrders({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    limit: number;
    cursor?: string | undefined;
    status?: OrderStatus | undefined;
    kind?: OrderKind | undefined;
    account_id?: string | undefined;
  };
}) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const where: (SQL | undefined)[] = [
    eq(orders.companyId, scope.companyId),
    visibleAccountsCondition(scope),
    newestFirstAfter(input.cursor, orders.createdAt, orders.id),
  ];
  if (input.status) where.push(eq(orders.status, input.status));
  if (input.kind) where.push(eq(orders.kind, input.kind));
  if (input.account_id) where.push(eq(orders.accountId, input.account_id));
  const found = await ctx.db
    .select({ o: orders, number: accounts.number, identifier: services.identifier })
    .from(orders)
    .innerJoin(accounts, eq(accounts.id, orders.accountId))
    .leftJoin(services, eq(services.id, orders.serviceId))
    .where(and(...where))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(input.limit + 1);
  const p = page(found, input.limit, (r) => newestFirstKey(r.o.createdAt, r.o.id));
  return { data: p.data.map((r) => presentOrder(r.o, r.number, r.identifier)), next_cursor: p.next_cursor };
}

async function findVisibleOrder(ctx: Ctx, id: string) {
  const scope = companyScope(ctx);
  const [row] = await ctx.db
    .select({ o: orders })
    .from(orders)
    .innerJoin(accounts, eq(accounts.id, orders.accountId))
    .where(and(eq(orders.id, id), eq(orders.companyId, scope.companyId), visibleAccountsCondition(scope)));
  if (!row) throw orderNotFound();
  return row.o;
}

export async function getOrder({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "accounts:read");
  return orderDetail(ctx.db, await findVisibleOrder(ctx, input.id));
}

/** The customer withdraws an order the operator has not taken yet. */
export async function cancelOrder({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; comment?: string | undefined };
}) {
  requirePermission(ctx, "services:write");
  const order = await findVisibleOrder(ctx, input.id);
  const now = ctx.now();
  const actor = actorOf(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(orders)
      .set({ status: "cancelled", updatedAt: now, closedAt: now })
      .where(and(eq(orders.id, order.id), eq(orders.status, "new")))
      .returning();
    if (!updated) {
      // The operator may have taken it since it was read: say the status it has now.
      const [cur] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
      throw notCancellable(cur?.status ?? order.status);
    }
    await tx.insert(orderEvents).values({
      orderId: order.id,
      status: "cancelled",
      comment: input.comment ?? null,
      actorType: actor.actorType,
      actorId: actor.actorId,
      createdAt: now,
    });
    await audit(tx, ctx, { action: "orders.cancelled", entityType: "order", entityId: order.id });
    const detail = await orderDetail(tx, updated);
    await emitEvent(tx, { companyId: updated.companyId, type: "order.updated", data: detail, now });
    return detail;
  });
}
