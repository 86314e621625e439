import { rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { emitEvent } from "../webhooks/emit";

/**
 * Why an account was suspended for debt: a credit account's invoice overdue past the grace period,
 * an advance account below its limit after the notice (both `suspendOverdue`), or a promised
 * payment that expired unpaid (`expirePromisedPayments`). The `reason` of the webhook.
 */
export type DebtSuspensionReason = "overdue_invoice" | "negative_balance" | "promised_payment_unpaid";

export interface SuspendedAccount {
  id: string;
  companyId: string;
  number: string;
  balance: number;
  /** How many active services were suspended with the account. */
  services: number;
}

/**
 * Suspends an active account for debt, in the caller's transaction, with its active services: the
 * one implementation for the billing job and the promised-payment expiry, the mirror image of
 * `resumeAccount` (ADR 0062, 0064). Each active service gets its open `active` tariff-history
 * interval closed and a `suspended` one (without an order id) opened at `now`, so no monthly fee
 * accrues while suspended and a settling payment brings the service back; a service billed from
 * `connected_at` (no history yet) has that active interval recorded first. Services the customer
 * blocked by an order are already `suspended` and are left as they are. Emits the
 * `account.suspended` webhook.
 *
 * The caller writes its own audit row (it knows why). Returns null, doing nothing, when the account
 * is not `active` (already suspended, or closed).
 */
export async function suspendAccountForDebt(
  tx: Tx,
  ctx: Ctx,
  input: { accountId: string; reason: DebtSuspensionReason },
  now: Date = ctx.now(),
): Promise<SuspendedAccount | null> {
  const at = now.toISOString();
  const [acc] = await rows<{ id: string; company_id: string; number: string; balance: string | number }>(
    tx,
    sql`UPDATE accounts SET status = 'suspended' WHERE id = ${input.accountId}::uuid AND status = 'active'
        RETURNING id, company_id, number, balance`,
  );
  if (!acc) return null;
  // Services billed from connected_at (no history yet) get their active interval recorded first.
  await rows(
    tx,
    sql`INSERT INTO service_tariff_history (company_id, service_id, tariff_id, status, valid_from, created_at)
        SELECT s.company_id, s.id, s.tariff_id, 'active', s.connected_at, ${at}::timestamptz
          FROM services s
         WHERE s.account_id = ${acc.id}::uuid AND s.status = 'active' AND s.connected_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM service_tariff_history x WHERE x.service_id = s.id)`,
  );
  // Close the active interval and open a suspended one, so no fee accrues while suspended.
  await rows(
    tx,
    sql`WITH closed AS (
          UPDATE service_tariff_history h SET valid_to = ${at}::timestamptz
            FROM services s
           WHERE s.id = h.service_id AND s.account_id = ${acc.id}::uuid AND s.status = 'active'
             AND h.valid_to IS NULL AND h.status = 'active'
          RETURNING h.company_id, h.service_id, h.tariff_id)
        INSERT INTO service_tariff_history (company_id, service_id, tariff_id, status, valid_from, created_at)
        SELECT company_id, service_id, tariff_id, 'suspended', ${at}::timestamptz, ${at}::timestamptz FROM closed`,
  );
  const services = await rows<{ id: string }>(
    tx,
    sql`UPDATE services SET status = 'suspended' WHERE account_id = ${acc.id}::uuid AND status = 'active'
        RETURNING id`,
  );
  const balance = Number(acc.balance);
  await emitEvent(tx, {
    companyId: acc.company_id,
    type: "account.suspended",
    data: {
      account_id: acc.id,
      account_number: acc.number,
      reason: input.reason,
      balance,
      currency: "RUB",
      suspended_services: services.length,
    },
    now,
  });
  return {
    id: acc.id,
    companyId: acc.company_id,
    number: acc.number,
    balance,
    services: services.length,
  };
}
