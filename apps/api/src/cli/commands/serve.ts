import type { Command } from "commander";
import { loadConfig } from "../../config";
import { startServer } from "../../server";

export function registerServeCommand(program: Command) {
  program
    .command("serve")
    .description("serve the HTTP API (PORT, DATABASE_URL or LK_DATA_DIR, LK_OPERATOR_KEY)")
    .option("--demo", "seed a demo company on first start and print its logins")
    .action(async (opts: { demo?: boolean }) => {
      const config = loadConfig();
      const server = await startServer(config, {
        afterMigrate: async (conn) => {
          if (opts.demo) {
            const { ensureDemo, printDemo } = await import("./demo");
            printDemo(await ensureDemo(conn, config), config);
          }
        },
      });
      if (config.generatedOperatorKey && !opts.demo) {
        console.log(`operator key (generated, set LK_OPERATOR_KEY to keep one): ${config.operatorKey}`);
      }
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
