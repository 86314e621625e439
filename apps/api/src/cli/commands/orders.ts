import { listOperatorOrders, transitionOrder } from "@lk/core";
import type { OrderKind, OrderStatus } from "@lk/db";
import type { Command } from "commander";
import { withCli } from "../context";

export function registerOrderCommands(program: Command) {
  const orders = program.command("orders").description("customers' service orders (заявки)");

  orders
    .command("list")
    .description("list orders, newest first")
    .option("--status <status>", "new | in_progress | done | rejected | cancelled")
    .option("--kind <kind>", "connect | disconnect | change_tariff | suspend | resume | change_billing")
    .option("--company <id>", "one company only")
    .option("--limit <n>", "how many", "50")
    .action((opts: { status?: OrderStatus; kind?: OrderKind; company?: string; limit: string }) =>
      withCli(async ({ ctx }) => {
        const { data } = await listOperatorOrders({
          ctx,
          input: {
            status: opts.status,
            kind: opts.kind,
            company_id: opts.company,
            limit: Number(opts.limit),
          },
        });
        if (data.length === 0) return console.log("no orders");
        for (const o of data) {
          console.log(
            `${o.id}  ${o.created_at.slice(0, 16).replace("T", " ")}  ${o.status.padEnd(11)}  ${o.kind.padEnd(13)}  счёт ${o.account_number}${o.billing_system ? ` → ${o.billing_system}` : ""}${o.comment ? `  «${o.comment}»` : ""}`,
          );
        }
      }),
    );

  orders
    .command("transition <id> <status>")
    .description("move an order: in_progress | done (applies it to the service) | rejected")
    .option("--comment <text>", "shown to the customer in the timeline and the e-mail")
    .option("--identifier <id>", "connect → done: the new service's phone number or login")
    .action((id: string, status: string, opts: { comment?: string; identifier?: string }) =>
      withCli(async ({ ctx }) => {
        if (!["in_progress", "done", "rejected"].includes(status)) {
          throw new Error("status must be in_progress, done or rejected");
        }
        const o = await transitionOrder({
          ctx,
          input: {
            id,
            status: status as "in_progress" | "done" | "rejected",
            comment: opts.comment,
            identifier: opts.identifier,
          },
        });
        console.log(`${o.id}: ${o.status}${o.service_id ? `  (service ${o.service_id})` : ""}`);
      }),
    );
}
