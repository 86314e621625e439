import { companies, isUniqueViolation, type OrderKind, orderEvents, orders, services, tariffs } from "@lk/db";
import { and, eq, inArray } from "drizzle-orm";
import { findVisibleAccount } from "../accounts/get-account";
import { audit } from "../audit/audit";
import { actorOf, type Ctx, companyScope, requirePermission } from "../context/index";
import { conflict, invalidField } from "../errors/index";
import { serviceNotFound } from "../services/list-services";
import { emitEvent } from "../webhooks/emit";
import { billingSwitchPending, orderPending, required, serviceState, unknownTariff } from "./errors";
import { orderDetail } from "./present";

export interface CreateOrderInput {
  kind: OrderKind;
  account_id: string;
  service_id?: string | undefined;
  tariff_id?: string | undefined;
  billing_system?: "advance" | "credit" | undefined;
  comment?: string | undefined;
}

const NEEDS_STATUS: Partial<Record<OrderKind, { status: string; msg: { ru: string; en: string } }>> = {
  suspend: {
    status: "active",
    msg: { ru: "Приостановить можно только активную услугу", en: "Only an active service can be suspended" },
  },
  resume: {
    status: "suspended",
    msg: {
      ru: "Возобновить можно только приостановленную услугу",
      en: "Only a suspended service can be resumed",
    },
  },
};

/** A customer's order (заявка): checked against the service's current state, then `new`. */
export async function createOrder({ ctx, input }: { ctx: Ctx; input: CreateOrderInput }) {
  requirePermission(ctx, "services:write");
  const scope = companyScope(ctx);
  const account = await findVisibleAccount(ctx, input.account_id);
  if (account.status === "closed") {
    throw conflict({ ru: "Лицевой счёт закрыт", en: "The account is closed" }, "account_closed");
  }
  const tariff = input.tariff_id
    ? (
        await ctx.db
          .select()
          .from(tariffs)
          .where(and(eq(tariffs.id, input.tariff_id), eq(tariffs.active, true)))
      )[0]
    : undefined;
  if (input.tariff_id && !tariff) throw unknownTariff();
  let serviceId: string | null = null;
  if (input.kind === "change_billing") {
    await checkBillingSwitch(ctx, account, input);
  } else if (input.billing_system) {
    throw invalidField("billing_system", "not_allowed", {
      ru: "Система расчётов указывается только в заявке на её смену",
      en: "billing_system belongs only to a change_billing order",
    });
  } else if (input.kind === "connect") {
    if (!tariff) throw required("tariff_id");
    if (input.service_id) {
      throw invalidField("service_id", "not_allowed", {
        ru: "Для подключения новой услуги service_id не указывают",
        en: "A connect order has no service_id",
      });
    }
  } else {
    if (!input.service_id) throw required("service_id");
    const [service] = await ctx.db
      .select()
      .from(services)
      .where(and(eq(services.id, input.service_id), eq(services.companyId, scope.companyId)));
    if (!service) throw serviceNotFound();
    if (service.accountId !== account.id) {
      throw invalidField("service_id", "service_not_on_account", {
        ru: "Услуга не относится к этому лицевому счёту",
        en: "The service is not on this account",
      });
    }
    if (service.status === "disconnected") {
      throw serviceState({ ru: "Услуга уже отключена", en: "The service is already disconnected" });
    }
    const need = NEEDS_STATUS[input.kind];
    if (need && service.status !== need.status) throw serviceState(need.msg);
    if (input.kind === "change_tariff") {
      if (!tariff) throw required("tariff_id");
      if (tariff.kind !== service.kind) {
        throw invalidField("tariff_id", "tariff_kind_mismatch", {
          ru: "Тариф для другого вида услуги",
          en: "The tariff is for another kind of service",
        });
      }
      if (tariff.id === service.tariffId) {
        throw invalidField("tariff_id", "same_tariff", {
          ru: "Это текущий тариф услуги",
          en: "This is the current tariff",
        });
      }
    }
    const open = await ctx.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.serviceId, service.id), inArray(orders.status, ["new", "in_progress"])))
      .limit(1);
    if (open.length) throw orderPending();
    serviceId = service.id;
  }
  const now = ctx.now();
  const actor = actorOf(ctx.principal);
  // The checks above answer the usual case in words; a double submit that passes both at once is
  // stopped by the partial unique indexes of migration 0031 and answered the same way.
  return ctx.db.transaction(async (tx) => {
    const [order] = await tx
      .insert(orders)
      .values({
        companyId: scope.companyId,
        accountId: account.id,
        serviceId,
        kind: input.kind,
        tariffId: input.kind === "connect" || input.kind === "change_tariff" ? tariff!.id : null,
        billingSystem: input.kind === "change_billing" ? input.billing_system! : null,
        comment: input.comment ?? null,
        authorType: actor.actorType,
        authorId: actor.actorId,
        authorUserId: ctx.principal.type === "user" ? ctx.principal.userId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .catch((e: unknown) => {
        if (isUniqueViolation(e, "orders_service_open_idx")) throw orderPending();
        if (isUniqueViolation(e, "orders_billing_switch_open_idx")) throw billingSwitchPending();
        throw e;
      });
    await tx.insert(orderEvents).values({
      orderId: order!.id,
      status: "new",
      comment: input.comment ?? null,
      actorType: actor.actorType,
      actorId: actor.actorId,
      createdAt: now,
    });
    await audit(tx, ctx, {
      action: "orders.created",
      entityType: "order",
      entityId: order!.id,
      data: { ...input },
    });
    const detail = await orderDetail(tx, order!);
    await emitEvent(tx, { companyId: scope.companyId, type: "order.created", data: detail, now });
    return detail;
  });
}

/**
 * A switch between advance and credit payment (справка оператора: «по заявлению»): the account must
 * be on the other system now, and one such request at a time per account.
 */
async function checkBillingSwitch(
  ctx: Ctx,
  account: { id: string; companyId: string; billingSystem: "advance" | "credit" | null },
  input: CreateOrderInput,
) {
  if (!input.billing_system) throw required("billing_system");
  if (input.service_id || input.tariff_id) {
    throw invalidField(input.service_id ? "service_id" : "tariff_id", "not_allowed", {
      ru: "В заявке на смену системы расчётов не указывают услугу и тариф",
      en: "A change_billing order has no service or tariff",
    });
  }
  const [company] = await ctx.db
    .select({ billingSystem: companies.billingSystem })
    .from(companies)
    .where(eq(companies.id, account.companyId));
  const current = account.billingSystem ?? company?.billingSystem ?? "advance";
  if (current === input.billing_system) {
    throw invalidField("billing_system", "same_billing_system", {
      ru:
        current === "advance"
          ? "Счёт уже на авансовой системе расчётов"
          : "Счёт уже на кредитной системе расчётов",
      en: `The account is already on ${current} payment`,
    });
  }
  const open = await ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.accountId, account.id),
        eq(orders.kind, "change_billing"),
        inArray(orders.status, ["new", "in_progress"]),
      ),
    )
    .limit(1);
  if (open.length) throw billingSwitchPending();
}
