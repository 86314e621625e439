import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// `pnpm bench` runs every bench/*.bench.ts (and packages'/apps' bench/*.bench.ts) one after
// another (but the soak); `pnpm bench calls` runs those whose name contains "calls". Each prints its figures
// beside the comparison it is about. Benchmarks that need PostgreSQL use BENCH_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) and make a database of their own.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dirs = [join(root, "bench")];
for (const parent of ["packages", "apps"]) {
  for (const name of readdirSync(join(root, parent))) dirs.push(join(root, parent, name, "bench"));
}
const filter = process.argv[2];
const files = dirs.flatMap((d) => {
  try {
    return readdirSync(d)
      .filter((f) => f.endsWith(".bench.ts"))
      .map((f) => join(d, f));
  } catch {
    return [];
  }
});
// Match the file name only: inside a worktree such as /work/wt/agents the whole path would match.
// Long-running benchmarks (the soak) run only when named: `pnpm bench soak`.
const explicitOnly = new Set(["soak.bench.ts"]);
const selected = files
  .filter((f) => (filter ? basename(f).includes(filter) : !explicitOnly.has(basename(f))))
  .sort();
if (selected.length === 0) {
  console.log(filter ? `no benchmark matches "${filter}"` : "no benchmarks found");
  process.exit(filter ? 1 : 0);
}
let failed = 0;
for (const file of selected) {
  console.log(`\n=== ${file.slice(root.length + 1)} ===`);
  try {
    const mod = (await import(file)) as { default: () => Promise<void> };
    await mod.default();
  } catch (e) {
    failed++;
    console.error(`benchmark failed: ${(e as Error).stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
