import { answerSupport, listOperatorSupport, setSupportStatus } from "@lk/core";
import { type SupportStatus, supportStatuses } from "@lk/db";
import type { Command } from "commander";
import { withCli } from "../context";

const checkStatus = (s: string): SupportStatus => {
  if (!(supportStatuses as readonly string[]).includes(s)) {
    throw new Error(`status must be one of: ${supportStatuses.join(", ")}`);
  }
  return s as SupportStatus;
};

export function registerSupportCommands(program: Command) {
  const support = program.command("support").description("customers' support requests");

  support
    .command("list")
    .description("list requests, most recently updated first")
    .option("--status <status>", supportStatuses.join(" | "), "open")
    .option("--company <id>", "one company only")
    .option("--limit <n>", "how many", "50")
    .action((opts: { status: string; company?: string; limit: string }) =>
      withCli(async ({ ctx }) => {
        const { data } = await listOperatorSupport({
          ctx,
          input: { status: checkStatus(opts.status), company_id: opts.company, limit: Number(opts.limit) },
        });
        if (data.length === 0) return console.log(`no ${opts.status} requests`);
        for (const r of data) {
          const last = r.messages[r.messages.length - 1];
          console.log(
            `${r.id}  ${r.updated_at.slice(0, 16).replace("T", " ")}  ${r.status.padEnd(20)}  ${r.subject}  — ${last?.author_name}: ${last?.text.slice(0, 60)}`,
          );
        }
      }),
    );

  support
    .command("answer <id> <text>")
    .description("answer in the thread (the author gets an e-mail)")
    .option("--status <status>", "status after the answer", "waiting_for_customer")
    .action((id: string, text: string, opts: { status: string }) =>
      withCli(async ({ ctx }) => {
        const r = await answerSupport({ ctx, input: { id, text, status: checkStatus(opts.status) } });
        console.log(`${r.id}: answered, ${r.status}`);
      }),
    );

  support
    .command("status <id> <status>")
    .description(`set the status: ${supportStatuses.join(" | ")}`)
    .action((id: string, status: string) =>
      withCli(async ({ ctx }) => {
        const r = await setSupportStatus({ ctx, input: { id, status: checkStatus(status) } });
        console.log(`${r.id}: ${r.status}`);
      }),
    );
}
