import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type CashRegisterApp, type CashRegisterSandboxOptions, createCashRegisterApp } from "./app";

export interface RunningCashRegister {
  app: CashRegisterApp;
  /** e.g. http://127.0.0.1:43127 */
  url: string;
  close(): Promise<void>;
}

/** Serves the sandbox cash register over real HTTP; port 0 picks a free port (tests). */
export function startCashRegisterServer(
  options: CashRegisterSandboxOptions,
  listen: { port?: number; hostname?: string } = {},
): Promise<RunningCashRegister> {
  const app = createCashRegisterApp(options);
  const hostname = listen.hostname ?? "127.0.0.1";
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: listen.port ?? 0, hostname }, (info: AddressInfo) => {
      resolve({
        app,
        url: `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            app.cashRegister.close();
            if ("closeAllConnections" in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
