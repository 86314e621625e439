import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSandboxApp, type SandboxApp, type SandboxOptions } from "./app";

export interface RunningSandbox {
  app: SandboxApp;
  /** e.g. http://127.0.0.1:43127 */
  url: string;
  close(): Promise<void>;
}

/** Serves the sandbox over real HTTP; port 0 picks a free port (tests). */
export function startSandboxServer(
  options: SandboxOptions,
  listen: { port?: number; hostname?: string } = {},
): Promise<RunningSandbox> {
  const app = createSandboxApp(options);
  const hostname = listen.hostname ?? "127.0.0.1";
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: listen.port ?? 0, hostname }, (info: AddressInfo) => {
      resolve({
        app,
        url: `http://${hostname}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            app.sandbox.close();
            if ("closeAllConnections" in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
