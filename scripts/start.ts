import { spawn } from "node:child_process";
import { ensurePortalBuilt } from "../apps/portal/scripts/build";

// `pnpm start`: build the portal if its dist/ is missing or older than its sources, then run the
// API with the demo company (`lk serve --demo`), which also serves the portal at /.
if (await ensurePortalBuilt()) console.log("portal built: apps/portal/dist");
const child = spawn(
  process.execPath,
  ["--import", "tsx", "apps/api/src/cli/main.ts", "serve", "--demo", ...process.argv.slice(2)],
  {
    stdio: "inherit",
  },
);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
