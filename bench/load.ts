import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { percentiles } from "./db";
import type { LoadSpec } from "./load-client";

const here = dirname(fileURLToPath(import.meta.url));
const tsx = createRequire(join(here, "..", "package.json")).resolve("tsx/cli");

/**
 * Runs bench/load-client.ts in a child process and returns throughput and latency percentiles.
 * The server under test keeps this process (and its event loop) to itself.
 */
export async function loadFromAnotherProcess(spec: LoadSpec) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [tsx, join(here, "load-client.ts"), JSON.stringify(spec)],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const { latencies } = JSON.parse(stdout.trim().split("\n").pop()!) as { latencies: number[] };
  return { ...percentiles(latencies), rps: latencies.length / spec.seconds };
}
