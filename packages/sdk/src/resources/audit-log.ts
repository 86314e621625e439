import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { QueryOf, Schema } from "../types";

const base = "/v1/audit-log";

/** The company's audit log, newest first (admins): who did what, when, from where. */
export function auditLog(t: Transport) {
  return {
    /** Filters: `action` (exact, or a prefix ending in `.`), `from`, `to`. */
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Schema<"AuditEntry">>(t, base, filter, options),
  };
}

export type AuditLogResource = ReturnType<typeof auditLog>;
