import { autopayRules, type Tx } from "@lk/db";
import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { rub } from "../money/format";
import { notify } from "../notifications/notify";
import type { PaymentRow } from "../payments/load";

/**
 * An autopay charge ended: success clears the failure count; a failure counts, disables the rule
 * after `max_failures` in a row, and tells the company (once per failed charge).
 */
export async function onAutopayOutcome(tx: Tx, ctx: Ctx, p: PaymentRow, outcome: "succeeded" | "failed") {
  if (!p.autopayRuleId) return;
  const now = ctx.now();
  if (outcome === "succeeded") {
    await tx
      .update(autopayRules)
      .set({ failures: 0, updatedAt: now })
      .where(eq(autopayRules.id, p.autopayRuleId));
    return;
  }
  const [rule] = await tx
    .update(autopayRules)
    .set({
      failures: sql`${autopayRules.failures} + 1`,
      enabled: sql`${autopayRules.failures} + 1 < ${autopayRules.maxFailures}`,
      disabledReason: sql`CASE WHEN ${autopayRules.failures} + 1 >= ${autopayRules.maxFailures} THEN 'too_many_failures' ELSE ${autopayRules.disabledReason} END`,
      updatedAt: now,
    })
    .where(eq(autopayRules.id, p.autopayRuleId))
    .returning();
  if (!rule) return;
  const off = !rule.enabled;
  await notify(tx, {
    companyId: p.companyId,
    kind: "autopay_failed",
    accountId: rule.accountId,
    title: { ru: "Автоплатёж не прошёл", en: "Autopay failed" },
    body: {
      ru: `Не удалось списать ${rub(p.chargedAmount, "ru")} с сохранённой карты (${p.failureReason ?? "ошибка"}).${off ? " Правило автоплатежа отключено." : ""}`,
      en: `Could not charge ${rub(p.chargedAmount, "en")} to the saved card (${p.failureReason ?? "error"}).${off ? " The autopay rule was disabled." : ""}`,
    },
    data: { payment_id: p.id, rule_id: rule.id, disabled: off },
    dedupeKey: `autopay_failed:${p.id}`,
    now,
  });
}
