/** Structured log sink. Fields never carry card numbers or CVCs: only last 4 digits and ids. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per event on stdout, easy to grep in a demo. */
export const consoleLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: "info", message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: "warn", message, ...fields })),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };
