import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { AppError, importBankStatement, listBankQueue, resolveBankDocument } from "@lk/core";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { withCli } from "../context";

const rub = (k: number) => `${(k / 100).toFixed(2)} ₽`;

export function registerBankStatementCommands(program: Command) {
  const bank = program
    .command("bank-statements")
    .description("bank statements of the operator's settlement accounts");
  bank
    .command("import")
    .argument("<file>", "1C «Клиент банка» (1CClientBankExchange) or camt.053 XML")
    .description("credit the statement's payments (each bank document once); unreadable documents are listed")
    .action((file: string) =>
      withCli(async ({ ctx }) => {
        const content = readFileSync(file);
        const bar = new SingleBar({
          format: "{bar} {percentage}% | {value}/{total} documents",
          hideCursor: true,
        });
        let started = false;
        const t0 = Date.now();
        try {
          const r = await importBankStatement({
            ctx,
            input: {
              content,
              fileName: basename(file),
              onProgress: (done, total) => {
                if (!started) bar.start(total, 0);
                started = true;
                bar.update(done);
              },
            },
          });
          if (started) bar.stop();
          console.log(
            `read ${r.documents_read} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${r.credited} credited (${rub(r.amount_credited)}), ${r.to_unallocated} to unallocated money (${rub(r.amount_unallocated)}), ${r.to_queue} to the queue, ${r.already_imported} already imported, ${r.skipped} not ours, ${r.unreadable.length} unreadable`,
          );
          for (const u of r.unreadable) console.log(`  line ${u.line}: ${u.message}`);
          if (r.unreadable.length > 0) process.exitCode = 2;
        } catch (e) {
          if (started) bar.stop();
          if (e instanceof AppError) {
            console.error(e.msg.en);
            process.exitCode = 1;
            return;
          }
          throw e;
        }
      }),
    );
  const queue = bank.command("queue").description("documents that matched no customer");
  queue
    .command("list")
    .description("the operator's queue, oldest first")
    .action(() =>
      withCli(async ({ ctx }) => {
        const r = await listBankQueue({ ctx, input: { limit: 1000 } });
        for (const d of r.data)
          console.log(
            `${d.id}  ${d.source_document}  ${rub(d.amount)}  ИНН ${d.payer_inn ?? "—"}  ${d.queue_reason}  «${d.purpose}»`,
          );
        if (r.data.length === 0) console.log("the queue is empty");
      }),
    );
  queue
    .command("assign")
    .argument("<id>", "the queued document")
    .option("--account <uuid>", "credit the whole amount to this account")
    .option(
      "--company <uuid>",
      "match as a payment of this company (its account, oldest invoices, unallocated)",
    )
    .option("--comment <text>", "why")
    .action((id: string, o: { account?: string; company?: string; comment?: string }) =>
      withCli(async ({ ctx }) => {
        const r = await resolveBankDocument({
          ctx,
          input: { id, action: "assign", account_id: o.account, company_id: o.company, comment: o.comment },
        });
        console.log(`${r.source_document}: ${r.status}`);
      }),
    );
  queue
    .command("return")
    .argument("<id>", "the queued document")
    .option("--comment <text>", "why")
    .description("mark for return to the payer (nothing is credited)")
    .action((id: string, o: { comment?: string }) =>
      withCli(async ({ ctx }) => {
        const r = await resolveBankDocument({ ctx, input: { id, action: "return", comment: o.comment } });
        console.log(`${r.source_document}: ${r.status}`);
      }),
    );
}
