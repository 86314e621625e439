import { approveApplication, getApplication, listApplications, rejectApplication } from "@lk/core";
import type { Command } from "commander";
import { withCli } from "../context";

export function registerApplicationCommands(program: Command) {
  const apps = program.command("applications").description("companies' applications to join the cabinet");

  apps
    .command("list")
    .description("list applications, newest first")
    .option("--status <status>", "pending | approved | rejected", "pending")
    .option("--limit <n>", "how many", "50")
    .action((opts: { status: "pending" | "approved" | "rejected"; limit: string }) =>
      withCli(async ({ ctx }) => {
        const { data } = await listApplications({
          ctx,
          input: { status: opts.status, limit: Number(opts.limit) },
        });
        if (data.length === 0) return console.log(`no ${opts.status} applications`);
        for (const a of data) {
          console.log(
            `${a.id}  ${a.created_at.slice(0, 16).replace("T", " ")}  ${a.status.padEnd(8)}  ИНН ${a.inn}  ${a.company_name}  (${a.contact_name}, ${a.contact_email})`,
          );
        }
      }),
    );

  apps
    .command("show <id>")
    .description("one application with its documents")
    .action((id: string) =>
      withCli(async ({ ctx }) => {
        console.log(JSON.stringify(await getApplication({ ctx, input: { id } }), null, 2));
      }),
    );

  apps
    .command("approve <id>")
    .description("create the company and its admin; prints the login and the temporary password ONCE")
    .action((id: string) =>
      withCli(async ({ ctx }) => {
        const r = await approveApplication({ ctx, input: { id } });
        console.log(
          `approved: ${r.company.name} (ИНН ${r.company.inn}), contract ${r.company.contract_number}`,
        );
        console.log(`  admin login:         ${r.admin.login}`);
        console.log(
          `  temporary password:  ${r.admin.temporary_password}   (shown once; valid until ${r.admin.expires_at})`,
        );
        console.log(
          "  Sent already: the login by e-mail, the password by SMS to the contact (separately). Hand them over yourself only if those did not arrive; the password must be changed at first sign-in.",
        );
      }),
    );

  apps
    .command("reject <id>")
    .description("reject with a reason (sent to the applicant)")
    .requiredOption("--reason <text>", "why")
    .action((id: string, opts: { reason: string }) =>
      withCli(async ({ ctx }) => {
        const r = await rejectApplication({ ctx, input: { id, reason: opts.reason } });
        console.log(`rejected: ${r.company_name} (ИНН ${r.inn})`);
      }),
    );
}
