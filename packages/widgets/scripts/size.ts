import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

// CI's size budget for the <script> bundle (Lit included). Run after `pnpm --filter @lk/widgets build`.
const BUDGET_KB = 25;
const file = join(dirname(fileURLToPath(import.meta.url)), "../dist/lk-widgets.js");
const gz = gzipSync(readFileSync(file), { level: 9 }).length / 1024;
console.log(`widgets <script> bundle: ${gz.toFixed(1)} KB gz (budget ${BUDGET_KB} KB)`);
if (gz > BUDGET_KB) {
  console.error(`over budget by ${(gz - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
