import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const Health = z
  .object({ status: z.enum(["ok", "unavailable"]), database: z.string().optional() })
  .openapi("Health");

export const healthRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/healthz",
      operationId: "getHealth",
      tags: ["Health"],
      summary: "Liveness: the process answers",
      security: [],
      responses: { 200: json(Health, "Alive"), ...problems(401) },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/readyz",
      operationId: "getReadiness",
      tags: ["Health"],
      summary: "Readiness: the database answers",
      security: [],
      responses: { 200: json(Health, "Ready"), 503: json(Health, "Not ready"), ...problems(401) },
    }),
    async (c) => {
      const { conn, ready } = c.get("deps");
      // Shutting down: refuse readiness first so a load balancer stops sending before we stop listening.
      if (!ready.value) return c.json({ status: "unavailable" as const, database: conn.kind }, 503);
      try {
        await conn.db.execute(sql`SELECT 1`);
        return c.json({ status: "ok" as const, database: conn.kind }, 200);
      } catch {
        return c.json({ status: "unavailable" as const, database: conn.kind }, 503);
      }
    },
  );
