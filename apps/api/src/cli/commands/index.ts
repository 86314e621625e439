import type { Command } from "commander";
import { registerDatabaseCommands } from "./database";
import { registerServeCommand } from "./serve";

export function registerCommands(program: Command) {
  registerServeCommand(program);
  registerDatabaseCommands(program);
}
