#!/usr/bin/env node
import { Command } from "commander";
import { registerCommands } from "./commands/index";

// `lk` — the operator's command line. One entry, one subcommand per task; each feature adds its
// commands in ./commands/<feature>.ts and lists them in ./commands/index.ts.
const program = new Command()
  .name("lk")
  .description("LK Business: operator command line (server, database, back office)")
  .showHelpAfterError();

registerCommands(program);

await program.parseAsync(process.argv);
