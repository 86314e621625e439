/**
 * Bundle-size budget of @lk/sdk: what a browser app pays for the whole client, and for one resource
 * with the transport it needs. Bundles with esbuild (tsup's own copy), minified ESM, then gzips.
 *   pnpm --filter @lk/sdk size      (exit code 1 when over budget)
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const requireFromTsup = createRequire(createRequire(join(root, "package.json")).resolve("tsup"));
// Typed locally: esbuild is tsup's dependency, not ours, so its types aren't resolvable from here.
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}
const esbuild = requireFromTsup("esbuild") as Esbuild;

const cases = [
  { label: "sdk whole", budgetKb: 10, code: `export * from "./src/index.ts";` },
  {
    label: "sdk one resource",
    budgetKb: 3,
    code: `export { createTransport } from "./src/core/transport.ts"; export { accounts } from "./src/resources/accounts.ts";`,
  },
];

export async function measure(code: string): Promise<{ min: number; gz: number }> {
  const out = await esbuild.build({
    stdin: { contents: code, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    treeShaking: true,
  });
  const bytes = out.outputFiles[0]!.contents;
  return { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

let over = false;
for (const c of cases) {
  const { min, gz } = await measure(c.code);
  const kb = gz / 1024;
  over ||= kb > c.budgetKb;
  console.log(
    `${c.label}: ${kb.toFixed(2)} KB gz (budget ${c.budgetKb} KB) — ${(min / 1024).toFixed(2)} KB min`,
  );
}
if (over) process.exitCode = 1;
