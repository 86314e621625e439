import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import {
  createAgent,
  formatSum,
  getRegistryReport,
  getRegistryReportCsv,
  importRegistry,
  listAgents,
  listRegistries,
  resolveDiscrepancy,
  rotateAgentSecret,
  updateAgent,
} from "@lk/core";
import type { Command } from "commander";
import { withCli } from "../context";

const collect = (v: string, prev: string[]) => [...prev, v];
const int = (v: string | undefined) => (v === undefined ? undefined : Number(v));

type Report = Awaited<ReturnType<typeof getRegistryReport>>;

const KIND: Record<string, string> = {
  matched: "совпадает",
  missing_ours: "нет у нас",
  missing_theirs: "нет у агента",
  amount_mismatch: "расхождение суммы",
};

function printReport(r: Report, all: boolean) {
  const s = r.summary;
  console.log(
    `registry ${r.registry.id}  ${r.registry.date}  ${r.registry.lines} lines, ${formatSum(r.registry.total)} ₽`,
  );
  console.log(
    `  matched ${s.matched}, missing on our side ${s.missing_ours}, missing on theirs ${s.missing_theirs}, amount mismatches ${s.amount_mismatch}; unresolved ${s.unresolved}`,
  );
  for (const row of r.data) {
    if (!all && row.kind === "matched") continue;
    const sum = (k: number | null) => (k === null ? "—" : formatSum(k));
    const res = row.resolution ? `  [${row.resolution.action} ${formatSum(row.resolution.amount)}]` : "";
    console.log(
      `  ${row.txn_id.padEnd(14)} ${row.account_number}  theirs ${sum(row.their_amount).padStart(12)}  ours ${sum(row.our_amount).padStart(12)}  ${KIND[row.kind]}${res}`,
    );
  }
}

export function registerAgentCommands(program: Command) {
  const agents = program
    .command("agents")
    .description("payment agents (Sberbank Online, terminals, aggregators): gateway access and registries");

  agents
    .command("create")
    .description("register an agent; prints its gateway secret ONCE")
    .requiredOption("--login <login>", "HTTP Basic login, e.g. sberbank")
    .requiredOption("--name <name>", "name shown in payments, e.g. «Сбербанк Онлайн»")
    .option("--source <ip|cidr>", "allowed source address or CIDR block (repeat)", collect, [])
    .option("--commission <bp>", "the agent's commission, basis points of each sum", "0")
    .option("--timeout <ms>", "the agent's timeout (past it: result 1)", "60000")
    .action((opts: { login: string; name: string; source: string[]; commission: string; timeout: string }) =>
      withCli(async ({ ctx }) => {
        const a = await createAgent({
          ctx,
          input: {
            login: opts.login,
            name: opts.name,
            allowed_sources: opts.source,
            commission_bp: int(opts.commission),
            timeout_ms: int(opts.timeout),
          },
        });
        console.log(`agent ${a.id}  ${a.login}  ${a.name}`);
        console.log(`  sources:  ${a.allowed_sources.join(" ")}`);
        console.log(`  secret:   ${a.secret}   (shown once: the agent's HTTP Basic password)`);
      }),
    );

  agents
    .command("list")
    .description("all agents")
    .action(() =>
      withCli(async ({ ctx }) => {
        const { data } = await listAgents({ ctx });
        if (data.length === 0) return console.log("no agents");
        for (const a of data)
          console.log(
            `${a.id}  ${a.status.padEnd(8)}  ${a.login.padEnd(16)}  ${a.name}  ${a.allowed_sources.join(" ")}`,
          );
      }),
    );

  agents
    .command("update <agent>")
    .description("change name, sources, commission, timeout, or disable/enable (agent: id or login)")
    .option("--name <name>")
    .option("--source <ip|cidr>", "allowed source (repeat; replaces the list)", collect, [])
    .option("--commission <bp>")
    .option("--timeout <ms>")
    .option("--status <status>", "active | disabled")
    .action(
      (
        id: string,
        opts: {
          name?: string;
          source: string[];
          commission?: string;
          timeout?: string;
          status?: "active" | "disabled";
        },
      ) =>
        withCli(async ({ ctx }) => {
          const a = await updateAgent({
            ctx,
            input: {
              id,
              name: opts.name,
              allowed_sources: opts.source.length ? opts.source : undefined,
              commission_bp: int(opts.commission),
              timeout_ms: int(opts.timeout),
              status: opts.status,
            },
          });
          console.log(`updated ${a.login}: ${a.status}, ${a.allowed_sources.join(" ")}`);
        }),
    );

  agents
    .command("rotate-secret <agent>")
    .description("a new gateway secret; the old one stops working now")
    .action((id: string) =>
      withCli(async ({ ctx }) => {
        const a = await rotateAgentSecret({ ctx, input: { id } });
        console.log(`  secret:   ${a.secret}   (shown once)`);
      }),
    );

  const registry = agents.command("registry").description("the agents' daily registries and reconciliation");

  registry
    .command("import <file>")
    .description("load an agent's registry (CSV: txn_id;txn_date;account;sum) and print the reconciliation")
    .requiredOption("--agent <agent>", "id or login")
    .option("--date <YYYY-MM-DD>", "the registry's day (default: the one day its lines fall on)")
    .option("--all", "list matched lines too")
    .action((file: string, opts: { agent: string; date?: string; all?: boolean }) =>
      withCli(async ({ ctx }) => {
        const r = await importRegistry({
          ctx,
          input: {
            agent: opts.agent,
            csv: await readFile(file, "utf8"),
            date: opts.date,
            file_name: basename(file),
          },
        });
        printReport(r, opts.all ?? false);
      }),
    );

  registry
    .command("list")
    .description("an agent's registries")
    .requiredOption("--agent <agent>", "id or login")
    .action((opts: { agent: string }) =>
      withCli(async ({ ctx }) => {
        const { data } = await listRegistries({ ctx, input: { agent: opts.agent } });
        if (data.length === 0) return console.log("no registries");
        for (const r of data)
          console.log(
            `${r.id}  ${r.date}  ${String(r.lines).padStart(6)} lines  ${formatSum(r.total)} ₽  ${r.file_name ?? ""}`,
          );
      }),
    );

  registry
    .command("show <registry>")
    .description("the reconciliation report of a registry (--csv: as CSV on stdout)")
    .requiredOption("--agent <agent>", "id or login")
    .option("--all", "list matched lines too")
    .option("--csv", "print the report as CSV")
    .action((id: string, opts: { agent: string; all?: boolean; csv?: boolean }) =>
      withCli(async ({ ctx }) => {
        const input = { agent: opts.agent, registry: id };
        if (opts.csv) process.stdout.write(await getRegistryReportCsv({ ctx, input }));
        else printReport(await getRegistryReport({ ctx, input }), opts.all ?? false);
      }),
    );

  registry
    .command("resolve <registry> <txn_id> <action>")
    .description("accept (credit the agent's payment / its sum) or reverse (take ours back) one discrepancy")
    .requiredOption("--agent <agent>", "id or login")
    .action((id: string, txn: string, action: string, opts: { agent: string }) =>
      withCli(async ({ ctx }) => {
        if (action !== "accept" && action !== "reverse") throw new Error("action: accept | reverse");
        const r = await resolveDiscrepancy({
          ctx,
          input: { agent: opts.agent, registry: id, txn_id: txn, action },
        });
        printReport(r, false);
      }),
    );
}
