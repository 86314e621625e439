import type { accounts, services, tariffs } from "@lk/db";

type ServiceRow = typeof services.$inferSelect;
type TariffRow = typeof tariffs.$inferSelect;

export function presentService(s: ServiceRow, t: TariffRow, accountNumber: string) {
  return {
    id: s.id,
    account_id: s.accountId,
    account_number: accountNumber,
    kind: s.kind,
    identifier: s.identifier,
    status: s.status,
    tariff: {
      id: t.id,
      code: t.code,
      name: t.name,
      monthly_fee_amount: t.monthlyFee,
      currency: "RUB" as const,
    },
    connected_at: s.connectedAt?.toISOString() ?? null,
    disconnected_at: s.disconnectedAt?.toISOString() ?? null,
    created_at: s.createdAt.toISOString(),
  };
}
export type ServiceView = ReturnType<typeof presentService>;
export type AccountRowLite = Pick<typeof accounts.$inferSelect, "number">;
