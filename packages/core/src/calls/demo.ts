import { calls, type Tx } from "@lk/db";
import { generateTraffic } from "../traffic/generate";
import { generateCalls } from "./generate";
import { ensureCallPartitions } from "./partitions";
import { ensureTelephonyLines } from "./seed";

/** Demo extension: 3 000 calls and daily internet traffic over the last three months. */
export async function seedDemoCalls(tx: Tx, demo: { companyId: string; now: Date }): Promise<void> {
  const to = new Date(Math.floor(demo.now.getTime() / 1000) * 1000);
  const from = new Date(to);
  from.setUTCMonth(from.getUTCMonth() - 3);
  const lines = await ensureTelephonyLines(tx, demo.companyId, demo.now);
  await ensureCallPartitions(tx, from, to);
  const batch = [...generateCalls(lines, 3000, { from, to, seed: 2026, keyPrefix: "demo" })];
  for (let i = 0; i < batch.length; i += 500) {
    await tx.insert(calls).values(batch.slice(i, i + 500));
  }
  await generateTraffic(tx, demo.companyId, from, to);
}
