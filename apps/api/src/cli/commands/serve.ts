import type { Command } from "commander";
import { loadConfig } from "../../config";
import { startServer } from "../../server";

export function registerServeCommand(program: Command) {
  program
    .command("serve")
    .description("serve the HTTP API (PORT, DATABASE_URL or LK_DATA_DIR, LK_OPERATOR_KEY, …; see README)")
    .option(
      "--demo",
      "seed the demo company on first start, run the sandbox acquirer alongside, print the logins",
    )
    .action(async (opts: { demo?: boolean }) => {
      const config = loadConfig();
      const closers: (() => Promise<void>)[] = [];
      if (opts.demo) {
        // The demo takes card payments through the local sandbox acquirer, in this process.
        const { startSandboxServer } = await import("@lk/acquirer-sandbox");
        const port = Number(new URL(config.acquirer.url).port || 3100);
        const sandbox = await startSandboxServer(
          {
            shops: { [config.acquirer.shopId]: config.acquirer.secret },
            publicUrl: config.acquirer.url,
            processingTimeoutMs: 30_000,
          },
          { port, hostname: "0.0.0.0" },
        );
        closers.push(() => sandbox.close());
      }
      const server = await startServer(config, {
        afterMigrate: async (conn) => {
          if (opts.demo) {
            const { ensureDemo, printDemo } = await import("./demo");
            printDemo(await ensureDemo(conn, config), config);
          }
        },
      });
      closers.unshift(() => server.close());
      if (config.generatedOperatorKey && !opts.demo) {
        console.log(
          `operator key (generated for this run; set LK_OPERATOR_KEY to keep one): ${config.operatorKey}`,
        );
      }
      const stop = async () => {
        for (const close of closers) await close().catch(() => {});
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
