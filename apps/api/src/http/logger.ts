import { currentTraceId } from "@lk/tracing";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type Logger = Record<
  Exclude<LogLevel, "silent">,
  (msg: string, fields?: Record<string, unknown>) => void
>;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * One JSON object per line on stdout: what log shippers expect. Never pass request bodies here.
 * While tracing is on, a line written inside a span carries its `traceId`.
 */
export function jsonLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return;
    const traceId = currentTraceId();
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: lvl,
        msg,
        ...(traceId ? { traceId } : {}),
        ...fields,
      }),
    );
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
