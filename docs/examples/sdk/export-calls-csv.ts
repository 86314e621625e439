/** Stream a month of call records of one account to a CSV file — nothing is buffered in memory. */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toFile } from "../../../packages/sdk/src/node"; // in your project: "@lk/sdk/node"
import { baseUrl, createClient, login, password } from "./env";

const lk = createClient({ baseUrl });
await lk.auth.signIn({ login, password });

const [account] = await lk.accounts.list({ limit: 1 }).toArray({ max: 1 });
if (!account) throw new Error("no accounts");
const period = process.env.PERIOD ?? new Date().toISOString().slice(0, 7); // YYYY-MM
const dl = await lk.calls.export({ account_id: account.id, period, format: "csv" });
const file = join(process.env.OUT_DIR ?? tmpdir(), dl.filename ?? `calls-${period}.csv`);
await toFile(dl, file);

const { readFile } = await import("node:fs/promises");
const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
console.log(`exported ${lines.length - 1} calls of ${account.number} for ${period} to ${file}`);
// The file starts with a UTF-8 BOM so that Excel reads the Cyrillic right.
console.log(`header: ${lines[0]?.replace(/^\uFEFF/, "")}`);
