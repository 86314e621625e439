import type { accountGroups, accounts } from "@lk/db";

export type AccountRow = typeof accounts.$inferSelect;
type GroupRow = typeof accountGroups.$inferSelect;

export function presentAccount(a: AccountRow, group: GroupRow | null, companyBilling: "advance" | "credit") {
  return {
    id: a.id,
    number: a.number,
    region: a.region,
    status: a.status,
    group: group ? { id: group.id, name: group.name, cost_center: group.costCenter } : null,
    balance_amount: a.balance,
    min_balance_amount: a.minBalance,
    currency: "RUB" as const,
    billing_system: a.billingSystem ?? companyBilling,
    contract_number: a.contractNumber,
    address: a.address,
    created_at: a.createdAt.toISOString(),
  };
}
