import type { Server } from "node:http";

/**
 * The server's connections and requests in flight, for a shutdown that cuts no answer:
 * - once draining, every answer asks its client to close the connection (`Connection: close`), so
 *   keep-alive clients reconnect (to another instance) instead of sending more requests here;
 * - `stopListening()` refuses new connections but, unlike a bare `server.close()` on Node ≥ 19,
 *   does not close the idle keep-alive ones at once: a client may be writing its next request into
 *   one at that moment and would see a reset instead of an answer;
 * - `finish()` closes what is left once the requests in flight are answered.
 */
export function trackConnections(server: Server) {
  let requests = 0;
  let waiters: (() => void)[] = [];
  const state = {
    draining: false,
    inFlight: () => requests,
    /** Resolves when no request is in flight. */
    idle: () => (requests === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    /** Stop accepting connections; resolves when the last one has closed (after `finish`). */
    stopListening(): Promise<void> {
      const closeIdle = server.closeIdleConnections.bind(server);
      server.closeIdleConnections = () => {};
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections = closeIdle;
      return closed;
    },
    finish(cut: boolean) {
      if (cut) server.closeAllConnections();
      else server.closeIdleConnections();
    },
  };
  server.on("request", (_req, res) => {
    requests++;
    if (state.draining) res.shouldKeepAlive = false;
    res.once("close", () => {
      requests--;
      if (requests === 0) {
        const w = waiters;
        waiters = [];
        for (const r of w) r();
      }
    });
  });
  return state;
}

/** Work started by a request that outlives it (a billing run): shutdown waits for it, bounded. */
export class BackgroundTasks {
  private readonly tasks = new Set<Promise<unknown>>();
  add<T>(p: Promise<T>): Promise<T> {
    this.tasks.add(p);
    void p.finally(() => this.tasks.delete(p)).catch(() => {});
    return p;
  }
  async settled(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
}
