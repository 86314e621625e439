import { createPartner, listPartners, rotatePartnerKeys, updatePartner } from "@lk/core";
import type { Command } from "commander";
import { withCli } from "../context";

const collect = (v: string, prev: string[]) => [...prev, v];
/** `150` or `150:1000` → 1.5 %, at least 10 ₽; `off` → not offered. */
function terms(v: string | undefined) {
  if (v === undefined) return undefined;
  if (v === "off") return null;
  const [bp, min] = v.split(":");
  return { percent_bp: Number(bp), min: Number(min ?? 0) };
}

export function registerPartnerCommands(program: Command) {
  const partners = program.command("partners").description("partner sites that embed the payment widgets");

  partners
    .command("create")
    .description("register a partner; prints the publishable key, and the secret key ONCE")
    .requiredOption("--name <name>", "partner's name")
    .option("--origin <origin>", "allowed origin, e.g. https://bank.example (repeat)", collect, [])
    .option("--live", "pk_live_ key (real acquirer) instead of pk_test_")
    .option("--card <bp[:min]>", "card commission: basis points and minimum kopecks, or off", "0")
    .option("--sbp <bp[:min]>", "SBP commission, or off", "off")
    .option("--webhook-url <url>", "where payment.succeeded / payment.failed go")
    .option("--publishable-key <pk>", "a fixed publishable key (demo and tests only)")
    .action(
      (opts: {
        name: string;
        origin: string[];
        live?: boolean;
        card: string;
        sbp: string;
        webhookUrl?: string;
        publishableKey?: string;
      }) =>
        withCli(async ({ ctx }) => {
          const p = await createPartner({
            ctx,
            input: {
              name: opts.name,
              origins: opts.origin,
              live: opts.live,
              commission: { card: terms(opts.card), sbp: terms(opts.sbp) },
              webhook_url: opts.webhookUrl,
              publishable_key: opts.publishableKey,
            },
          });
          console.log(`partner ${p.id}  ${p.name}`);
          console.log(`  origins:          ${p.allowed_origins.join(" ")}`);
          console.log(`  publishable key:  ${p.publishable_key}   (goes into the partner's HTML)`);
          console.log(`  secret key:       ${p.secret_key}   (shown once: for the partner's server)`);
          console.log(`  webhook secret:   ${p.webhook_secret}`);
        }),
    );

  partners
    .command("list")
    .description("all partners")
    .action(() =>
      withCli(async ({ ctx }) => {
        const { data } = await listPartners({ ctx });
        if (data.length === 0) return console.log("no partners");
        for (const p of data)
          console.log(
            `${p.id}  ${p.status.padEnd(8)}  ${p.publishable_key}  ${p.name}  ${p.allowed_origins.join(" ")}`,
          );
      }),
    );

  partners
    .command("update <id>")
    .description("change origins, commission, webhook URL, or disable/enable")
    .option("--origin <origin>", "allowed origin (repeat; replaces the list)", collect, [])
    .option("--card <bp[:min]>", "card commission, or off")
    .option("--sbp <bp[:min]>", "SBP commission, or off")
    .option("--status <status>", "active | disabled")
    .action(
      (id: string, opts: { origin: string[]; card?: string; sbp?: string; status?: "active" | "disabled" }) =>
        withCli(async ({ ctx }) => {
          const commission =
            opts.card !== undefined || opts.sbp !== undefined
              ? { card: terms(opts.card), sbp: terms(opts.sbp) }
              : undefined;
          const p = await updatePartner({
            ctx,
            input: {
              id,
              origins: opts.origin.length ? opts.origin : undefined,
              commission,
              status: opts.status,
            },
          });
          console.log(`updated ${p.id}: ${p.status}, ${p.allowed_origins.join(" ")}`);
        }),
    );

  partners
    .command("rotate-keys <id>")
    .description("new publishable and secret keys; the old ones stop working now")
    .action((id: string) =>
      withCli(async ({ ctx }) => {
        const p = await rotatePartnerKeys({ ctx, input: { id } });
        console.log(`  publishable key:  ${p.publishable_key}`);
        console.log(`  secret key:       ${p.secret_key}   (shown once)`);
        console.log(`  webhook secret:   ${p.webhook_secret}`);
      }),
    );
}
