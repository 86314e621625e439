import { dateTimeText, listOutbox } from "@lk/core";
import type { Command } from "commander";
import { loadConfig } from "../../config";
import { readDataLock } from "../../data-lock";
import { withCli } from "../context";

interface Message {
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  kind: string;
  status: string;
  created_at: string;
}

function print(rows: Message[], tz: string) {
  for (const m of rows) {
    console.log(
      `— ${dateTimeText(new Date(m.created_at), tz, { zone: true })}  ${m.channel} → ${m.recipient}  [${m.kind}, ${m.status}]`,
    );
    if (m.subject) console.log(`  ${m.subject}`);
    console.log(`  ${m.body.replaceAll("\n", "\n  ")}\n`);
  }
  if (rows.length === 0) console.log("outbox is empty");
}

/**
 * While `lk serve` holds the embedded database, the outbox is read from it over HTTP: the demo's
 * test mailbox, or the operator API with LK_OPERATOR_KEY. Opening the folder would read a stale
 * copy and risk corrupting it (ADR 0081).
 */
async function fromServer(url: string, demo: boolean, query: URLSearchParams): Promise<Message[]> {
  const key = process.env.LK_OPERATOR_KEY;
  if (!demo && !key)
    throw new Error(
      `the server at ${url} holds the embedded database: set LK_OPERATOR_KEY to the server's key to read its outbox through the operator API, or stop the server`,
    );
  const path = demo ? "/v1/demo/outbox" : "/v1/operator/outbox";
  const res = await fetch(`${url}${path}?${query}`, {
    headers: demo ? {} : { "X-Operator-Key": key! },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`${url}${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return ((await res.json()) as { data: Message[] }).data;
}

// Without SMTP_URL nothing leaves the machine: this is how the demo and tests read e-mails.
export function registerOutboxCommands(program: Command) {
  program
    .command("outbox")
    .description(
      "show the latest outgoing e-mails and SMS (codes, receipts, notices); asks the running server when it holds the database",
    )
    .option("--to <recipient>", "only messages to this address or phone")
    .option("--limit <n>", "how many", "10")
    .action(async (opts: { to?: string; limit: string }) => {
      const limit = Math.max(1, Math.min(Number(opts.limit) || 10, 200));
      const config = loadConfig();
      const lock = config.databaseUrl ? null : readDataLock(config.dataDir);
      if (lock) {
        const query = new URLSearchParams({ limit: String(limit), ...(opts.to ? { to: opts.to } : {}) });
        try {
          print(await fromServer(lock.url, lock.demo, query), config.core.timeZone);
        } catch (e) {
          console.error(`error: ${(e as Error).message}`);
          process.exitCode = 1;
        }
        return;
      }
      await withCli(async ({ ctx }) => {
        const page = await listOutbox({ ctx, input: { to: opts.to, limit } });
        print(page.data, ctx.config.timeZone);
      });
    });
}
