// @lk/sdk budgets (issue #6): bundle size of the whole client and of one resource, min+gzip
// (≤ 10 KB / ≤ 3 KB), and per-call overhead against a raw fetch of the same route (≤ 5 %).
// Runs the package's own benches (packages/sdk/bench/size.ts, overhead.ts) as child processes so
// they stay runnable alone (`pnpm --filter @lk/sdk bench`); each prints its figure beside its budget.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = createRequire(join(root, "package.json")).resolve("tsx/cli");

export default async function run() {
  const sdk = join(root, "packages/sdk");
  for (const script of ["bench/size.ts", "bench/overhead.ts"]) {
    console.log(`-- ${script}`);
    execFileSync(process.execPath, [tsx, script], { cwd: sdk, stdio: "inherit" });
  }
}
