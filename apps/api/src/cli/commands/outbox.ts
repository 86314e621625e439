import { outboxMessages } from "@lk/db";
import type { Command } from "commander";
import { desc, eq } from "drizzle-orm";
import { withCli } from "../context";

// Without SMTP_URL nothing leaves the machine: this is how the demo and tests read e-mails.
export function registerOutboxCommands(program: Command) {
  program
    .command("outbox")
    .description("show the latest outgoing e-mails and SMS (codes, receipts, notices)")
    .option("--to <recipient>", "only messages to this address or phone")
    .option("--limit <n>", "how many", "10")
    .action((opts: { to?: string; limit: string }) =>
      withCli(async ({ conn }) => {
        const rows = await conn.db
          .select()
          .from(outboxMessages)
          .where(opts.to ? eq(outboxMessages.recipient, opts.to) : undefined)
          .orderBy(desc(outboxMessages.createdAt))
          .limit(Number(opts.limit));
        for (const m of rows) {
          console.log(
            `— ${m.createdAt.toISOString()}  ${m.channel} → ${m.recipient}  [${m.kind}, ${m.status}]`,
          );
          if (m.subject) console.log(`  ${m.subject}`);
          console.log(`  ${m.body.replaceAll("\n", "\n  ")}\n`);
        }
        if (rows.length === 0) console.log("outbox is empty");
      }),
    );
}
