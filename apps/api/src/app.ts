import { AppError, type CoreConfig, KeyStore, SessionCheckCache } from "@lk/core";
import type { Connection } from "@lk/db";
import { tracingOn } from "@lk/tracing";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { AppConfig } from "./config";
import { compression } from "./http/compression";
import { publicCors } from "./http/cors";
import type { AppDeps } from "./http/env";
import { onError, onNotFound, render } from "./http/errors";
import { jsonLogger, type Logger } from "./http/logger";
import { identify, requestBasics } from "./http/middleware";
import { registerWebhooks } from "./http/openapi";
import { createRouter } from "./http/router";
import { httpMetrics } from "./observability/http-metrics";
import { httpTracing } from "./observability/http-tracing";
import { createMetrics, type Metrics } from "./observability/metrics";
import { metricsRoutes } from "./observability/metrics-route";
import { BackgroundTasks } from "./observability/shutdown";
import { ReadReplica } from "./replica/read-replica";
import { docsRoutes } from "./routes/docs/routes";
import { registerRoutes } from "./routes/index";

export interface CreateAppOptions {
  conn: Connection;
  config: AppConfig;
  logger?: Logger;
  /** The clock; tests pass a controllable one. */
  now?: () => Date;
  acquirer?: AppDeps["acquirer"];
  /** The process's metrics (startServer passes them with process metrics on); else a fresh registry. */
  metrics?: Metrics;
  /** A connection to the streaming replica (DATABASE_READ_URL), for the heavy read-only queries. */
  readConn?: Connection | null;
  cashRegister?: AppDeps["cashRegister"];
}

const MB = 1024 * 1024;

/** The whole HTTP API as a Hono app: `app.request()` in tests, @hono/node-server in main. */
export function createApp(opts: CreateAppOptions) {
  const deps: AppDeps = {
    conn: opts.conn,
    config: opts.config,
    core: opts.config.core satisfies CoreConfig,
    keys: new KeyStore(opts.conn.db, opts.config.signingKeysRefreshMs),
    sessions: new SessionCheckCache(opts.config.sessionCacheMs),
    logger: opts.logger ?? jsonLogger(opts.config.logLevel),
    now: opts.now ?? (() => new Date()),
    ...(opts.acquirer ? { acquirer: opts.acquirer } : {}),
    metrics:
      opts.metrics ?? createMetrics({ conn: opts.conn, dbPool: opts.config.dbPool, processMetrics: false }),
    ready: { value: true },
    background: new BackgroundTasks(),
    replica: new ReadReplica({
      primary: opts.conn,
      replica: opts.readConn ?? null,
      maxLagMs: opts.config.readMaxLagMs,
      logger: opts.logger ?? jsonLogger(opts.config.logLevel),
    }),
    ...(opts.cashRegister ? { cashRegister: opts.cashRegister } : {}),
  };

  deps.metrics.watchReplica(() => deps.replica.state());
  const app = createRouter();
  app.onError(onError);
  app.notFound(onNotFound);
  // Outermost, so that the request's log line and everything below run inside its span.
  if (tracingOn()) app.use("*", httpTracing());
  app.use("*", httpMetrics(deps.metrics));
  app.use("*", requestBasics(deps));
  app.use("*", compression());
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: "same-site",
      referrerPolicy: "no-referrer",
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      // Pages that need their own policy (the portal, /docs) set it; everything else gets the default.
      overwrite: false,
    }),
  );
  // Application uploads carry up to 10 files of 5 MB and support requests up to 5; call-record
  // imports stream files of any size (the import reads them line by line); the rest is small JSON.
  const tooLarge = (c: Parameters<Parameters<typeof bodyLimit>[0]["onError"] & {}>[0]) =>
    render(
      c as never,
      new AppError(413, "payload_too_large", {
        ru: "Слишком большой запрос",
        en: "The request is too large",
      }),
    );
  const limits: [RegExp, number | null][] = [
    [/^\/v1\/applications$/, 55 * MB],
    [/^\/v1\/support\/requests(\/[^/]+\/messages)?$/, 30 * MB],
    [/^\/v1\/operator\/calls\/import$/, null],
    [/^\/v1\/operator\/agents\/[^/]+\/registries$/, 20 * MB],
    // A year of a busy settlement account in 1C format is tens of megabytes.
    [/^\/v1\/operator\/bank-statements$/, 200 * MB],
  ];
  app.use("/v1/*", async (c, next) => {
    // GET and HEAD carry no body; skipping the check spares building a request copy per read.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const rule = limits.find(([re]) => re.test(c.req.path));
    const max = rule ? rule[1] : 2 * MB;
    if (max === null) return next();
    // A declared length is checked here, as bodyLimit itself would: bodyLimit first touches
    // `c.req.raw.body`, which makes @hono/node-server build a full Request with a web stream body
    // and forgo reading the body straight from the socket (~0.15 ms of CPU per request).
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined)
      return Number.parseInt(length || "0", 10) > max ? tooLarge(c) : next();
    return bodyLimit({ maxSize: max, onError: tooLarge })(c, next);
  });
  app.use("/v1/public/*", publicCors());
  app.use("*", identify());

  app.route("/", metricsRoutes);
  registerRoutes(app);
  app.route("/", docsRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A user's access token (JWT) from /v1/auth/sign-in, or an API key `sk_live_…`/`sk_test_…`",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "operatorKey", {
    type: "apiKey",
    in: "header",
    name: "X-Operator-Key",
    description: "The operator's back-office key (LK_OPERATOR_KEY)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "publishableKey", {
    type: "apiKey",
    in: "header",
    name: "X-LK-Key",
    description: "A partner's publishable key `pk_…`, valid only from the partner's allowed origins",
  });
  registerWebhooks(app.openAPIRegistry);
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "LK Business API",
      version: "1.0.0",
      license: {
        name: "Proprietary: for the operator's customers and partners",
        identifier: "LicenseRef-LK-Business",
      },
      description:
        "Self-service cabinet API for the legal-entity customers of a telecom operator. Money is integer kopecks; errors are RFC 9457 problem details in Russian or English by Accept-Language.",
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));

  return Object.assign(app, { deps });
}

export type App = ReturnType<typeof createApp>;
