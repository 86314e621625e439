import { createReadStream, statSync } from "node:fs";
import { importCalls } from "@lk/core";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { withCli } from "../context";

export function registerCallCommands(program: Command) {
  const calls = program.command("calls").description("call detail records");
  calls
    .command("import")
    .argument("<file>", "CSV from the switch (see docs/calls.md for the format)")
    .description("load call records by COPY; bad rows are listed with their line numbers")
    .action((file: string) =>
      withCli(async ({ ctx }) => {
        const total = statSync(file).size;
        const bar = new SingleBar({
          format: "{bar} {percentage}% | {value}/{total} bytes | {rows} rows",
          hideCursor: true,
        });
        bar.start(total, 0, { rows: 0 });
        const started = Date.now();
        const report = await importCalls({
          ctx,
          input: {
            source: createReadStream(file),
            onProgress: ({ bytes, rows }) => bar.update(bytes, { rows }),
          },
        });
        bar.update(total, { rows: report.rows_read });
        bar.stop();
        const secs = (Date.now() - started) / 1000;
        console.log(
          `read ${report.rows_read} rows in ${secs.toFixed(1)} s: ${report.inserted} inserted, ${report.duplicates} duplicates, ${report.bad_rows} bad`,
        );
        for (const e of report.errors) console.log(`  line ${e.line}: ${e.message} (${e.code})`);
        if (report.errors_truncated)
          console.log(`  … and ${report.bad_rows - report.errors.length} more bad rows`);
        if (report.bad_rows > 0) process.exitCode = 2;
      }),
    );
}
