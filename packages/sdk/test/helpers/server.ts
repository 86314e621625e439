import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  path: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

/** Gets the request (with its body read) and its 0-based index among requests to the same path. */
export type Handler = (req: Seen, res: ServerResponse, nth: number) => void;

/**
 * A real HTTP server on 127.0.0.1 standing in for the API at the network boundary. Routes are matched
 * on `METHOD /path`, else on `/path`; everything it saw is kept in `seen`.
 */
export async function startServer(routes: Record<string, Handler>) {
  const seen: Seen[] = [];
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const s: Seen = { method: req.method ?? "", path: url.pathname, url, headers: req.headers, body };
      seen.push(s);
      const handler = routes[`${s.method} ${s.path}`] ?? routes[s.path];
      const nth = counts.get(s.path) ?? 0;
      counts.set(s.path, nth + 1);
      if (handler) handler(s, res, nth);
      else problem(res, 404, { code: "route_not_found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    hits: (path: string) => seen.filter((s) => s.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json", "x-request-id": "req_test", ...headers });
  res.end(JSON.stringify(body));
}

export function problem(
  res: ServerResponse,
  status: number,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    "content-type": "application/problem+json",
    "x-request-id": "req_hdr",
    ...headers,
  });
  res.end(JSON.stringify({ type: "about:blank", title: `HTTP ${status}`, status, ...extra }));
}

/** Never answers: the client's timeout has to end it. */
export const hang: Handler = () => {};

/** Drops the TCP connection without an HTTP answer. */
export const drop: Handler = (_req, res) => {
  res.socket?.destroy();
};
