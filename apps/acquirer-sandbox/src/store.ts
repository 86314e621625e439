import { SandboxError } from "./errors";
import type { Payment, Refund, SavedCard } from "./model";

interface IdempotencyRecord {
  fingerprint: string;
  resourceId: string;
}

/** In-memory state: a sandbox forgets everything on restart, by design. */
export function createStore() {
  const payments = new Map<string, Payment>();
  const refunds = new Map<string, Refund>();
  const savedCards = new Map<string, SavedCard>();
  /** SBP QR id → payment id. */
  const sbpQrs = new Map<string, string>();
  const idempotency = new Map<string, IdempotencyRecord>();

  return {
    payments,
    refunds,
    savedCards,
    sbpQrs,
    /**
     * Runs `create` once per (shop, scope, key). A replay with the same request returns the id of
     * the first result; a replay with a different request is a 409, as it is almost certainly a bug.
     */
    idempotent(
      shopId: string,
      scope: string,
      key: string,
      fingerprint: string,
      create: () => string,
    ): { id: string; replayed: boolean } {
      const slot = `${shopId}\u0000${scope}\u0000${key}`;
      const existing = idempotency.get(slot);
      if (existing) {
        if (existing.fingerprint !== fingerprint) {
          throw new SandboxError(
            409,
            "idempotency_key_conflict",
            "This Idempotency-Key was already used with a different request body",
          );
        }
        return { id: existing.resourceId, replayed: true };
      }
      const id = create();
      idempotency.set(slot, { fingerprint, resourceId: id });
      return { id, replayed: false };
    },
  };
}

export type Store = ReturnType<typeof createStore>;

/** Key order in JSON must not make two equal requests look different. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
