import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../http/env";
import type { Metrics } from "./metrics";

/**
 * Counts and times every request under its route template (`/v1/payments/:id`), never its path, so
 * the series stay bounded whatever clients send. A request no route matched is `unmatched`.
 */
export function httpMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    metrics.httpInFlight.inc();
    try {
      await next();
    } finally {
      metrics.httpInFlight.dec();
      const route = routeTemplate(c);
      const status = c.res.status;
      const method = c.req.method;
      metrics.httpRequests.inc({ method, route, status: String(status) });
      metrics.httpDuration.observe(
        { method, route, status_class: `${Math.floor(status / 100)}xx` },
        (performance.now() - started) / 1000,
      );
      if (status === 429) metrics.rateLimited.inc({ route });
    }
  };
}

export function routeTemplate(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  // The last matched entry that is a handler for one method is the route; `*` entries are middleware.
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i];
    if (r && r.method !== "ALL" && !r.path.includes("*")) return r.path;
  }
  return "unmatched";
}
