import { DEMO_INN, seedCalls } from "@lk/core";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { withCli } from "../context";

export function registerSeedCallsCommand(program: Command) {
  program
    .command("seed-calls")
    .argument("<n>", "how many call records to generate")
    .option("--company <inn>", "the company's INN (default: the demo company)", DEMO_INN)
    .option("--months <m>", "spread over this many months back from now", "3")
    .description("generate realistic call records (numbers, destinations, business-hours peaks) by COPY")
    .action((n: string, opts: { company: string; months: string }) =>
      withCli(async ({ conn }) => {
        const count = Number(n);
        const months = Number(opts.months);
        if (!Number.isSafeInteger(count) || count < 0) throw new Error("n must be a whole number");
        if (!Number.isSafeInteger(months) || months < 1 || months > 36) throw new Error("--months: 1 to 36");
        const bar = new SingleBar({
          format: "{bar} {percentage}% | {value}/{total} calls",
          hideCursor: true,
        });
        bar.start(count, 0);
        const started = Date.now();
        const res = await seedCalls(conn.db, count, {
          inn: opts.company,
          months,
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        const secs = (Date.now() - started) / 1000;
        console.log(
          `${res.inserted} calls for ${res.companyName} on ${res.lines} lines, ${res.from.toISOString().slice(0, 10)} … ${res.to.toISOString().slice(0, 10)}, in ${secs.toFixed(1)} s (${Math.round(res.inserted / secs)} rows/s)`,
        );
      }),
    );
}
