import {
  type BillingHooks,
  chargeAdvance,
  listBillingRuns,
  markOverdueInvoices,
  resumeBillingRun,
  runBilling,
  runScheduledBilling,
  suspendOverdue,
} from "@lk/core";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { withCli } from "../context";

const rub = (k: number) => `${(k / 100).toFixed(2)} RUB`;

/** A progress bar fed by a run's committed batches. */
function progressBar() {
  const bar = new SingleBar({
    format: "billing {period} [{bar}] {value}/{total} accounts | {invoices} invoices",
  });
  let started = false;
  const hooks: BillingHooks = {
    onProgress: (r) => {
      if (!started) {
        bar.start(r.totalAccounts, r.processedAccounts, { period: r.period, invoices: 0 });
        started = true;
      }
      bar.update(r.processedAccounts, { invoices: r.invoicesCreated });
    },
  };
  return { hooks, stop: () => started && bar.stop() };
}

export function registerBillingCommands(program: Command) {
  const billing = program
    .command("billing")
    .description("monthly billing, advance charges, overdue and suspension");
  billing
    .command("run")
    .description("bill a period (idempotent: a re-run resumes and skips invoiced accounts)")
    .requiredOption("--period <YYYY-MM>", "the month to bill")
    .option("--batch-size <n>", "accounts per transaction", "500")
    .action((o: { period: string; batchSize: string }) =>
      withCli(async ({ ctx }) => {
        const bar = progressBar();
        const run = await runBilling({
          ctx,
          input: { period: o.period, batchSize: Number(o.batchSize) || 500 },
          hooks: bar.hooks,
        });
        bar.stop();
        console.log(
          `run ${run.id}: ${run.status}, ${run.invoicesCreated} new invoices, ${rub(run.amountTotal)} billed`,
        );
      }),
    );
  billing
    .command("runs")
    .description("the latest billing runs; a run whose process died reads as stale (resume it)")
    .option("--limit <n>", "how many, newest first", "20")
    .option("--json", "print JSON")
    .action((o: { limit: string; json?: boolean }) =>
      withCli(async ({ ctx }) => {
        const runs = await listBillingRuns({ ctx, input: { limit: Number(o.limit) || 20 } });
        if (o.json) return console.log(JSON.stringify(runs, null, 2));
        for (const r of runs)
          console.log(
            `${r.id}  ${r.period}  ${r.status.padEnd(9)}  ${r.processedAccounts}/${r.totalAccounts} accounts  ${r.invoicesCreated} invoices  heartbeat ${r.heartbeatAt.toISOString()}${r.error ? `  ${r.error}` : ""}`,
          );
      }),
    );
  billing
    .command("resume")
    .description("resume a stale or failed run from its last committed batch (nothing is billed twice)")
    .argument("<id>", "the run's id (lk billing runs)")
    .option("--batch-size <n>", "accounts per transaction", "500")
    .action((id: string, o: { batchSize: string }) =>
      withCli(async ({ ctx }) => {
        const bar = progressBar();
        const run = await resumeBillingRun({
          ctx,
          input: { id, batchSize: Number(o.batchSize) || 500 },
          hooks: bar.hooks,
        });
        bar.stop();
        console.log(
          `run ${run.id}: ${run.status}, ${run.invoicesCreated} invoices in all, ${rub(run.amountTotal)} billed`,
        );
      }),
    );
  billing
    .command("advance")
    .description("charge advance accounts the month's fees (normally on the 1st)")
    .requiredOption("--period <YYYY-MM>", "the month to charge")
    .action((o: { period: string }) =>
      withCli(async ({ ctx }) => {
        const r = await chargeAdvance({ ctx, input: { period: o.period } });
        console.log(`${r.accountsCharged} accounts charged, ${rub(r.amount)}`);
      }),
    );
  billing
    .command("scheduled")
    .description(
      "what the scheduler runs daily: last month's billing, this month's advance, overdue, suspension",
    )
    .action(() =>
      withCli(async ({ ctx }) => {
        const r = await runScheduledBilling({ ctx });
        const marked = await markOverdueInvoices({ ctx });
        const suspended = await suspendOverdue({ ctx });
        console.log(
          `billed: ${r.billed ? `${r.billed.invoicesCreated} invoices` : "already done"}; advance: ${r.advance.accountsCharged} accounts; paid ${marked.paid}, overdue ${marked.overdue}; suspended ${suspended.suspended.length}`,
        );
      }),
    );
}
