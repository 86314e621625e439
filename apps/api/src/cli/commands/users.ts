import { operatorResetPassword } from "@lk/core";
import type { Command } from "commander";
import { withCli } from "../context";

export function registerUserCommands(program: Command) {
  const users = program.command("users").description("company users");
  users
    .command("reset-password <login>")
    .description("issue a new temporary password (printed ONCE; ends the user's sessions, lifts a lockout)")
    .action((login: string) =>
      withCli(async ({ ctx }) => {
        const r = await operatorResetPassword({ ctx, input: { login } });
        console.log(`login:               ${r.login}`);
        console.log(
          `temporary password:  ${r.temporary_password}   (shown once; valid until ${r.expires_at})`,
        );
      }),
    );
}
