import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, Schema } from "../types";

const base = "/v1/unallocated";
type Unallocated = Schema<"Unallocated">;
type UnallocatedDistribution = Schema<"UnallocatedDistribution">;

/**
 * The company's unallocated money: bank transfers whose payer was recognised but whose accounts
 * were not (docs/bank-transfers.md), and its distribution to accounts.
 */
export function unallocated(t: Transport) {
  return {
    /** The balance and its latest movements (each with its source document). */
    get: (options?: CallOptions) => t.request<Unallocated>("GET", base, options),
    /**
     * Puts money on accounts (a bank-transfer payment that settles their invoices). Always carries
     * an Idempotency-Key (generated, or yours via `options.idempotencyKey`).
     */
    distribute: (body: BodyOf<"/v1/unallocated/distributions", "post">, options?: CallOptions) =>
      t.request<UnallocatedDistribution>("POST", `${base}/distributions`, { ...options, body }),
  };
}

export type UnallocatedResource = ReturnType<typeof unallocated>;
