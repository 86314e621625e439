import { randomBytes } from "node:crypto";

/** Unguessable ids: the hosted page URL is the only credential a payer has. */
export function newId(prefix: "pay" | "rf" | "evt" | "tok"): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}
