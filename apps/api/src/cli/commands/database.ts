import { connect, migrate } from "@lk/db";
import type { Command } from "commander";
import { loadConfig } from "../../config";
import { DataDirLockedError, readDataLock } from "../../data-lock";

export function registerDatabaseCommands(program: Command) {
  program
    .command("migrate")
    .description("apply pending database migrations (PGlite in LK_DATA_DIR, or DATABASE_URL)")
    .action(async () => {
      const config = loadConfig();
      if (!config.databaseUrl) {
        // Never migrate the embedded database under a running server (ADR 0081).
        const lock = readDataLock(config.dataDir);
        if (lock) {
          console.error(`error: ${new DataDirLockedError(lock, config.dataDir).message}`);
          process.exitCode = 1;
          return;
        }
      }
      const conn = await connect({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        const res = await migrate(conn, (l) => console.log(l));
        console.log(
          res.applied.length ? `${res.applied.length} migration(s) applied` : "database is up to date",
        );
      } finally {
        await conn.close();
      }
    });
}
