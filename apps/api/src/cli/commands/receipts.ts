import { getReceipt, listReceipts, receiptDateTime, registerReceipts, retryReceipt } from "@lk/core";
import { receiptKinds, receiptStatuses } from "@lk/db";
import type { Command } from "commander";
import { cashRegisterOf } from "../../cash-register";
import { withCli } from "../context";

type Json = Awaited<ReturnType<typeof getReceipt>>;

const rub = (k: number) => `${(k / 100).toFixed(2).replace(".", ",")} ₽`;

function line(r: Json, tz: string): string {
  const state =
    r.status === "registered" && r.fiscal
      ? `registered ${receiptDateTime(new Date(r.fiscal.at), tz)}  ФН ${r.fiscal.fn_number} ФД ${r.fiscal.fd_number} ФПД ${r.fiscal.fpd}`
      : r.status === "pending"
        ? `pending (tries ${r.attempts}${r.last_error ? `, last: ${r.last_error}` : ""})`
        : `failed: ${r.last_error ?? ""}`;
  return `№ ${r.number}  ${r.kind.padEnd(11)} ${rub(r.amount).padStart(14)}  ${state}\n    id ${r.id}  payment ${r.payment_id}`;
}

/** `lk receipts …`: the fiscal receipts' states, one receipt, a retry, a registration run. */
export function registerReceiptCommands(program: Command) {
  const cmd = program.command("receipts").description("fiscal receipts (54-ФЗ): list, show, retry, register");
  cmd
    .command("list")
    .description("latest receipts, newest first")
    .option("--status <status>", `only ${receiptStatuses.join("|")}`)
    .option("--kind <kind>", `only ${receiptKinds.join("|")}`)
    .option("--company <id>", "only this company's")
    .option("--limit <n>", "how many (1–1000)", "20")
    .action((opts: { status?: string; kind?: string; company?: string; limit: string }) =>
      withCli(async ({ ctx }) => {
        if (opts.status && !(receiptStatuses as readonly string[]).includes(opts.status))
          throw new Error(`--status: one of ${receiptStatuses.join(", ")}`);
        if (opts.kind && !(receiptKinds as readonly string[]).includes(opts.kind))
          throw new Error(`--kind: one of ${receiptKinds.join(", ")}`);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error("--limit: 1–1000");
        const res = await listReceipts({
          ctx,
          input: {
            status: opts.status as (typeof receiptStatuses)[number] | undefined,
            kind: opts.kind as (typeof receiptKinds)[number] | undefined,
            company_id: opts.company,
            limit,
          },
        });
        for (const r of res.data) console.log(line(r, ctx.config.timeZone));
        if (res.data.length === 0) console.log("no receipts");
      }),
    );
  cmd
    .command("show <id>")
    .description("one receipt with its fiscal data and the ФНС check QR's string")
    .action((id: string) =>
      withCli(async ({ ctx }) => {
        const r = await getReceipt({ ctx, input: { id } });
        console.log(line(r, ctx.config.timeZone));
        if (r.fiscal) console.log(`    QR ${r.fiscal.qr}`);
      }),
    );
  cmd
    .command("retry <id>")
    .description("try a failed receipt again under a new external id")
    .action((id: string) =>
      withCli(async ({ ctx }) => {
        console.log(line(await retryReceipt({ ctx, input: { id } }), ctx.config.timeZone));
      }),
    );
  cmd
    .command("register")
    .description("one run of the receipts job now (the server runs it every second)")
    .action(() =>
      withCli(async ({ ctx, config }) => {
        const res = await registerReceipts({
          ctx,
          cashRegister: cashRegisterOf(config),
        });
        console.log(
          `claimed ${res.claimed}: registered ${res.registered}, waiting ${res.waiting}, register unavailable ${res.unavailable}, failed ${res.failed}`,
        );
      }),
    );
}
