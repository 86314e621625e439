import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { QueryOf, Schema } from "../types";

const outboxPath = "/v1/demo/outbox";

/**
 * The demo server's test mailbox (`lk serve --demo` only; 404 elsewhere): the e-mails and SMS the
 * demo sent, newest first, so a visitor can read a reset code or an SMS receipt.
 */
export function demo(t: Transport) {
  return {
    outbox: (filter?: QueryOf<typeof outboxPath>, options?: CallOptions) =>
      listOf<Schema<"OutboxMessage">>(t, outboxPath, filter, options),
  };
}

export type DemoResource = ReturnType<typeof demo>;
