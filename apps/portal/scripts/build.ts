import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Builds the portal with Vite's JS API when dist/ is missing or older than any source file. Used by
// `pnpm start` (scripts/start.ts), the browser tests and the bench, so each gets a current build
// without rebuilding every time.

export const portalRoot = fileURLToPath(new URL("..", import.meta.url));
export const portalDist = join(portalRoot, "dist");

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

export function portalIsStale(): boolean {
  let built: number;
  try {
    built = statSync(join(portalDist, "index.html")).mtimeMs;
  } catch {
    return true;
  }
  const sources = ["src", "index.html", "vite.config.ts", "../../packages/sdk/src"].map((p) =>
    newest(join(portalRoot, p)),
  );
  return Math.max(...sources) > built;
}

/** Builds if stale (or always with `force`); resolves when dist/ is current. */
export async function ensurePortalBuilt({ force = false, quiet = false } = {}): Promise<boolean> {
  if (!force && !portalIsStale()) return false;
  const { build } = await import("vite");
  await build({
    configFile: join(portalRoot, "vite.config.ts"),
    root: portalRoot,
    logLevel: quiet ? "warn" : "info",
  });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensurePortalBuilt({ force: process.argv.includes("--force") });
}
