import { existsSync } from "node:fs";
import { describe } from "vitest";

/** Debian's Chromium (`apt-get install chromium`); browser downloads by test tools fail here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Browser suites run wherever Chromium is installed. On a developer machine without it they are
 * skipped with a note (the README's quick start needs only Node.js); in CI (CI=true, where
 * .ci/run installs Chromium) a missing browser is a failure, never a silent skip.
 */
export function describeBrowser(name: string, fn: () => void) {
  if (existsSync(CHROMIUM) || process.env.CI) return describe(name, fn);
  console.warn(`skipping browser tests "${name}": ${CHROMIUM} not found (apt-get install chromium)`);
  return describe.skip(name, fn);
}
