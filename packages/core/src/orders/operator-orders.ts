import { randomBytes } from "node:crypto";
import type { Tx } from "@lk/db";
import {
  accounts,
  type OrderKind,
  type OrderStatus,
  orderEvents,
  orders,
  services,
  tariffs,
  users,
} from "@lk/db";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { audit } from "../audit/audit";
import { actorOf, type Ctx, requireOperator } from "../context/index";
import { enqueueMessage } from "../outbox/outbox";
import { newestFirstAfter, newestFirstKey, page } from "../pagination/cursor";
import { recordServicePeriod } from "../services/history";
import { emitEvent } from "../webhooks/emit";
import { badTransition, orderNotFound, serviceState } from "./errors";
import { ORDER_KIND_RU, ORDER_STATUS } from "./labels";
import { type OrderRow, orderDetail } from "./present";

const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  new: ["in_progress", "done", "rejected"],
  in_progress: ["done", "rejected"],
  done: [],
  rejected: [],
  cancelled: [],
};

/** Every company's orders for the back office, newest first. */
export async function listOperatorOrders({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    limit: number;
    cursor?: string | undefined;
    status?: OrderStatus | undefined;
    kind?: OrderKind | undefined;
    company_id?: string | undefined;
  };
}) {
  requireOperator(ctx);
  const where: (SQL | undefined)[] = [newestFirstAfter(input.cursor, orders.createdAt, orders.id)];
  if (input.status) where.push(eq(orders.status, input.status));
  if (input.kind) where.push(eq(orders.kind, input.kind));
  if (input.company_id) where.push(eq(orders.companyId, input.company_id));
  const found = await ctx.db
    .select()
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(input.limit + 1);
  const p = page(found, input.limit, (o) => newestFirstKey(o.createdAt, o.id));
  const data = [];
  for (const o of p.data) data.push({ ...(await orderDetail(ctx.db, o)), company_id: o.companyId });
  return { data, next_cursor: p.next_cursor };
}

/**
 * The operator moves an order on. Becoming `done` changes the service in the same transaction
 * (and records the change in service_tariff_history for billing); the author is notified.
 */
export async function transitionOrder({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    id: string;
    status: "in_progress" | "done" | "rejected";
    comment?: string | undefined;
    identifier?: string | undefined;
  };
}) {
  requireOperator(ctx);
  const now = ctx.now();
  const actor = actorOf(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.id)).for("update");
    if (!order) throw orderNotFound();
    if (!ALLOWED[order.status].includes(input.status)) throw badTransition(order.status, input.status);
    let serviceId = order.serviceId;
    if (input.status === "done") serviceId = await applyOrder(tx, order, now, input.identifier);
    const closed = input.status === "done" || input.status === "rejected";
    const [updated] = await tx
      .update(orders)
      .set({ status: input.status, serviceId, updatedAt: now, ...(closed ? { closedAt: now } : {}) })
      .where(eq(orders.id, order.id))
      .returning();
    await tx.insert(orderEvents).values({
      orderId: order.id,
      status: input.status,
      comment: input.comment ?? null,
      actorType: actor.actorType,
      actorId: actor.actorId,
      createdAt: now,
    });
    await notifyAuthor(tx, updated!, input.comment, now, ctx.config.publicUrl);
    await audit(tx, ctx, {
      action: `orders.${input.status}`,
      companyId: order.companyId,
      entityType: "order",
      entityId: order.id,
      data: { from: order.status, comment: input.comment ?? null },
    });
    const detail = await orderDetail(tx, updated!);
    await emitEvent(tx, { companyId: updated!.companyId, type: "order.updated", data: detail, now });
    return { ...detail, company_id: updated!.companyId };
  });
}

/** Carries out a done order on the service; re-checks the state (it may have changed since). */
async function applyOrder(
  tx: Tx,
  order: OrderRow,
  now: Date,
  identifier: string | undefined,
): Promise<string | null> {
  if (order.kind === "change_billing") {
    // The account's own setting; the company's default stays for the other accounts.
    await tx
      .update(accounts)
      .set({ billingSystem: order.billingSystem })
      .where(eq(accounts.id, order.accountId));
    return null;
  }
  if (order.kind === "connect") {
    const [tariff] = await tx.select().from(tariffs).where(eq(tariffs.id, order.tariffId!));
    const [acc] = await tx
      .select({ number: accounts.number })
      .from(accounts)
      .where(eq(accounts.id, order.accountId));
    const [s] = await tx
      .insert(services)
      .values({
        companyId: order.companyId,
        accountId: order.accountId,
        tariffId: tariff!.id,
        kind: tariff!.kind,
        identifier: identifier ?? `${acc!.number}-${tariff!.kind}-${randomBytes(2).toString("hex")}`,
        status: "active",
        connectedAt: now,
        createdAt: now,
      })
      .returning();
    await recordServicePeriod(
      tx,
      {
        companyId: order.companyId,
        serviceId: s!.id,
        tariffId: tariff!.id,
        status: "active",
        orderId: order.id,
      },
      now,
    );
    return s!.id;
  }
  const [service] = await tx.select().from(services).where(eq(services.id, order.serviceId!)).for("update");
  if (!service || service.status === "disconnected") {
    throw serviceState({ ru: "Услуга уже отключена", en: "The service is already disconnected" });
  }
  let patch: Partial<typeof services.$inferInsert> = {};
  if (order.kind === "disconnect") patch = { status: "disconnected", disconnectedAt: now };
  else if (order.kind === "change_tariff") patch = { tariffId: order.tariffId! };
  else if (order.kind === "suspend") {
    if (service.status !== "active")
      throw serviceState({ ru: "Услуга не активна", en: "The service is not active" });
    patch = { status: "suspended" };
  } else if (order.kind === "resume") {
    if (service.status !== "suspended") {
      throw serviceState({ ru: "Услуга не приостановлена", en: "The service is not suspended" });
    }
    patch = { status: "active" };
  }
  const [s] = await tx.update(services).set(patch).where(eq(services.id, service.id)).returning();
  await recordServicePeriod(
    tx,
    {
      companyId: s!.companyId,
      serviceId: s!.id,
      tariffId: s!.tariffId,
      status: s!.status,
      orderId: order.id,
    },
    now,
  );
  return s!.id;
}

async function notifyAuthor(
  tx: Tx,
  order: OrderRow,
  comment: string | undefined,
  now: Date,
  publicUrl: string,
) {
  if (!order.authorUserId) return;
  const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, order.authorUserId));
  if (!u?.email) return;
  const [acc] = await tx
    .select({ number: accounts.number })
    .from(accounts)
    .where(eq(accounts.id, order.accountId));
  await enqueueMessage(
    tx,
    {
      channel: "email",
      recipient: u.email,
      subject: `Заявка «${ORDER_KIND_RU[order.kind]}»: ${ORDER_STATUS[order.status].ru}`,
      body: [
        `Заявка «${ORDER_KIND_RU[order.kind]}» по лицевому счёту ${acc?.number ?? ""} — статус «${ORDER_STATUS[order.status].ru}».`,
        comment ? `Комментарий оператора: ${comment}` : "",
        // A link to the order in the cabinet, not its UUID: an order has no number a person could use.
        `Заявка в личном кабинете: ${publicUrl.replace(/\/$/, "")}/orders/${order.id}`,
      ]
        .filter(Boolean)
        .join("\n"),
      kind: "order_status",
      companyId: order.companyId,
      userId: order.authorUserId,
    },
    now,
  );
}
