import type { Connection } from "@lk/db";
import type { Command } from "commander";
import { runsJobs, startCluster, workerSlot } from "../../cluster";
import { loadConfig } from "../../config";
import { startServer } from "../../server";

export function registerServeCommand(program: Command) {
  program
    .command("serve")
    .description("serve the HTTP API (PORT, DATABASE_URL or LK_DATA_DIR, LK_OPERATOR_KEY, …; see README)")
    .option(
      "--demo",
      "seed the demo company on first start, run the sandbox acquirer and cash register alongside, print the logins",
    )
    .option("--workers <n>", "HTTP worker processes sharing the port (LK_WORKERS; >1 needs DATABASE_URL)")
    .action(async (opts: { demo?: boolean; workers?: string }) => {
      const config = {
        ...loadConfig(opts.workers ? { ...process.env, LK_WORKERS: opts.workers } : process.env),
        demo: Boolean(opts.demo),
      };
      const slot = workerSlot();
      const closers: (() => Promise<void>)[] = [];
      if (slot !== null) {
        // A cluster worker: the primary has migrated, seeded the demo and started the sandbox.
        const server = await startServer(config, {
          migrate: false,
          jobs: runsJobs(slot),
          clusterWorker: true,
        });
        closers.push(() => server.close());
      } else {
        if (opts.demo) {
          // The demo takes card payments through the local sandbox acquirer, in this process.
          // Its SBP settings (ACQUIRER_SBP_*) are read as when the sandbox runs on its own.
          const { sbpOptionsFromEnv, startSandboxServer } = await import("@lk/acquirer-sandbox");
          const port = Number(new URL(config.acquirer.url).port || 3100);
          const sandbox = await startSandboxServer(
            {
              shops: { [config.acquirer.shopId]: config.acquirer.secret },
              publicUrl: config.acquirer.url,
              processingTimeoutMs: 30_000,
              ...sbpOptionsFromEnv(process.env),
            },
            { port, hostname: "0.0.0.0" },
          );
          closers.push(() => sandbox.close());
          // …and registers its fiscal receipts with the local sandbox cash register.
          const { startCashRegisterServer } = await import("@lk/cash-register-sandbox");
          const register = await startCashRegisterServer(
            {
              logins: { [config.cashRegister.login]: config.cashRegister.password },
              delayMs: 500,
              timeZone: config.core.timeZone,
            },
            { port: Number(new URL(config.cashRegister.url).port || 3200), hostname: "0.0.0.0" },
          );
          closers.push(() => register.close());
        }
        const afterMigrate = async (conn: Connection) => {
          if (opts.demo) {
            const { ensureDemo, printDemo } = await import("./demo");
            printDemo(await ensureDemo(conn, config), config);
          }
        };
        const server =
          config.workers > 1
            ? await startCluster(config, { afterMigrate })
            : await startServer(config, { afterMigrate });
        closers.unshift(() => server.close());
        if (config.generatedOperatorKey && !opts.demo) {
          console.log(
            `operator key (generated for this run; set LK_OPERATOR_KEY to keep one): ${config.operatorKey}`,
          );
        }
      }
      const stop = async () => {
        for (const close of closers) await close().catch(() => {});
        process.exit(0);
      };
      process.once("SIGTERM", stop);
      // Ctrl-C reaches every process of the group; a worker waits for the primary's SIGTERM.
      if (slot === null) process.once("SIGINT", stop);
      else process.on("SIGINT", () => {});
    });
}
