import { DEMO_INN, seedCalls } from "@lk/core";
import type { Command } from "commander";
import { withCli } from "../context";
import { ensureDemo, printDemo } from "./demo";

export function registerSeedCommand(program: Command) {
  program
    .command("seed")
    .description("seed the demo company «Ромашка» (idempotent) and print its logins")
    .option("--calls <n>", "also generate N call records for it (see `lk seed-calls` for options)")
    .action((opts: { calls?: string }) =>
      withCli(async ({ conn, config }) => {
        printDemo(await ensureDemo(conn, config), config);
        if (opts.calls !== undefined) {
          const n = Number(opts.calls);
          if (!Number.isSafeInteger(n) || n < 0) throw new Error("--calls must be a whole number");
          const res = await seedCalls(conn.db, n, { inn: DEMO_INN, months: 3 });
          console.log(`${res.inserted} call records generated for ${res.companyName}`);
        }
      }),
    );
}
