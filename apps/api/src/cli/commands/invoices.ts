import { invoices } from "@lk/db";
import type { Command } from "commander";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { withCli } from "../context";

export function registerInvoiceCommands(program: Command) {
  program
    .command("invoices")
    .description("invoices")
    .command("list")
    .description("list invoices (operator view, all companies)")
    .option("--period <YYYY-MM>", "period")
    .option("--company <uuid>", "company id")
    .option("--status <status>", "issued | paid | overdue")
    .option("--limit <n>", "rows", "50")
    .action(
      (o: { period?: string; company?: string; status?: "issued" | "paid" | "overdue"; limit: string }) =>
        withCli(async ({ ctx }) => {
          const where: SQL[] = [];
          if (o.period) where.push(eq(invoices.period, o.period));
          if (o.company) where.push(eq(invoices.companyId, o.company));
          if (o.status) where.push(eq(invoices.status, o.status));
          const r = await ctx.db
            .select()
            .from(invoices)
            .where(and(...where))
            .orderBy(desc(invoices.year), desc(invoices.seq))
            .limit(Number(o.limit) || 50);
          for (const i of r)
            console.log(
              [
                i.number,
                i.period,
                i.status.padEnd(7),
                i.accountId,
                (i.totalAmount / 100).toFixed(2).padStart(12),
              ].join("  "),
            );
          console.log(`${r.length} invoices`);
        }),
    );
}
