import {
  type CompanyPaymentSettingsView,
  getCompanyPaymentSettings,
  updateCompanyPaymentSettings,
} from "@lk/core";
import { type Command, InvalidArgumentError } from "commander";
import { withCli } from "../context";

/** `on`/`off` (or true/false, yes/no). */
function onOff(v: string): boolean {
  const s = v.trim().toLowerCase();
  if (["on", "true", "yes"].includes(s)) return true;
  if (["off", "false", "no"].includes(s)) return false;
  throw new InvalidArgumentError("on or off");
}

/**
 * Basis points (`150` = 1.5 %, `0` = no bonuses) or `default` (the configured LK_BONUS_PERCENT_BP).
 * `default` stays a word here: commander turns a parser's null into an empty string.
 */
function percentBp(v: string): number | "default" {
  const s = v.trim().toLowerCase();
  if (s === "default") return "default";
  if (!/^\d+$/.test(s) || Number(s) > 10_000)
    throw new InvalidArgumentError("basis points 0–10000 (150 = 1.5 %), or default");
  return Number(s);
}

const pct = (bp: number) => `${bp / 100} %`;

function print(s: CompanyPaymentSettingsView) {
  console.log(`company ${s.company_id}  ${s.company_name}  (${s.billing_system})`);
  console.log(`  trust payment:  ${s.trust_payment_allowed ? "allowed" : "not in the contract"}`);
  console.log(
    `  bonuses:        ${pct(s.effective_bonus_percent_bp)} of the card part${s.bonus_percent_bp === null ? " (configured default)" : " (the company's own)"}`,
  );
  console.log(`  updated:        ${s.updated_at ?? "never (defaults)"}`);
}

export function registerCompanyCommands(program: Command) {
  const companies = program.command("companies").description("companies' contract terms");

  companies
    .command("payment-settings <company>")
    .description(
      "show or set a company's payment terms (company id or INN): trust payment for credit accounts, bonus percentage",
    )
    .option("--trust <on|off>", "the contract provides for a trust payment", onOff)
    .option(
      "--bonus-bp <bp|default>",
      "the company's bonus percentage in basis points (0 = none), or default",
      percentBp,
    )
    .action((company: string, opts: { trust?: boolean; bonusBp?: number | "default" }) =>
      withCli(async ({ ctx }) => {
        const s =
          opts.trust === undefined && opts.bonusBp === undefined
            ? await getCompanyPaymentSettings({ ctx, input: { company } })
            : await updateCompanyPaymentSettings({
                ctx,
                input: {
                  company,
                  trust_payment_allowed: opts.trust,
                  bonus_percent_bp: opts.bonusBp === "default" ? null : opts.bonusBp,
                },
              });
        print(s);
      }),
    );
}
