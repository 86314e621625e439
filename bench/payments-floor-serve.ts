// How the payments floor's two servers answer HTTP (bench/payments-floor.ts): bare node:http, or
// on the product's stack (Hono served by @hono/node-server) when BENCH_FLOOR_STACK=1. The handlers
// are the same either way.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

export interface FloorAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}
export type FloorHandler = (
  path: string,
  body: string,
  header: (name: string) => string | undefined,
) => Promise<FloorAnswer>;

export const onStack = process.env.BENCH_FLOOR_STACK === "1";

const read = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

/** Serves `routes` (POST path patterns as Hono writes them) on 127.0.0.1; resolves with the URL. */
export function serveFloor(
  routes: string[],
  handle: FloorHandler,
): Promise<{ url: string; close: () => void }> {
  return new Promise((resolve) => {
    if (onStack) {
      const app = new Hono();
      for (const route of routes)
        app.post(route, async (c) => {
          const a = await handle(c.req.path, await c.req.text(), (n) => c.req.header(n));
          return new Response(a.body ?? null, { status: a.status, headers: a.headers ?? {} });
        });
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
      );
      return;
    }
    const server = createServer(async (req, res) => {
      try {
        const a = await handle(req.url ?? "/", await read(req), (n) => {
          const v = req.headers[n];
          return Array.isArray(v) ? v[0] : v;
        });
        res.writeHead(a.status, a.headers).end(a.body);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => server.close(),
      }),
    );
  });
}
