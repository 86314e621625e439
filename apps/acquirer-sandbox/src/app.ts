import { nodeFetch } from "@lk/http-client";
import { Hono } from "hono";
import { SandboxError } from "./errors";
import { apiRoutes } from "./http/api-routes";
import { consoleLogger, type Logger } from "./logger";
import { createNotifier, DEFAULT_RETRY, type DeliveryAttempt, type RetryPolicy } from "./notifier";
import { assetRoutes } from "./page/assets";
import { pageRoutes } from "./page/page-routes";
import { sbpPageRoutes } from "./page/sbp-routes";
import { createPayments } from "./payments";
import { createStore } from "./store";

export interface SandboxOptions {
  /** shopId → secret key. The key is both the Basic-auth password and the notification HMAC secret. */
  shops: Record<string, string>;
  now?: () => Date;
  /** Notification retries; tests use a few milliseconds. */
  retry?: Partial<RetryPolicy>;
  /** Per-attempt notification timeout. */
  notificationTimeoutMs?: number;
  /** Used to deliver notifications; by default undici's `request` with keep-alive (`nodeFetch`). */
  fetch?: typeof fetch;
  /** How long the "times out" card stays in processing before failing with processing_timeout. */
  processingTimeoutMs?: number;
  /** How long an SBP QR code can be paid before the payment fails as qr_expired; default 15 minutes. */
  sbpQrTtlMs?: number;
  /**
   * Base of the links SBP QR codes carry, e.g. "https://qr.nspk.ru" for the national host; by
   * default `<public URL>/sbp`, the sandbox's «bank app» page, so that a phone's camera opens it.
   */
  sbpLinkBase?: string;
  /** The payee the «bank app» page shows; default "ООО «ЛК Бизнес» (тест)". */
  sbpPayee?: string;
  /** Base of confirmation URLs (e.g. http://localhost:3100); by default the origin the API was called on. */
  publicUrl?: string;
  /** CSP frame-ancestors of the hosted page; default any ("*"). */
  frameAncestors?: string[];
  logger?: Logger;
  /** Jitter source, for deterministic tests. */
  random?: () => number;
}

export interface SandboxControls {
  /** Fails overdue "times out" payments and expired SBP QR codes now (timers do it too); returns how many. */
  tick(): number;
  /** Resolves when every notification in flight, with its retries, has finished. */
  notificationsIdle(): Promise<void>;
  readonly deliveries: readonly DeliveryAttempt[];
  /** Stops timers and pending retries. */
  close(): void;
}

export type SandboxApp = Hono & { sandbox: SandboxControls };

export function createSandboxApp(options: SandboxOptions): SandboxApp {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? consoleLogger;
  const secretOf = (shopId: string) =>
    Object.hasOwn(options.shops, shopId) ? options.shops[shopId] : undefined;
  const notifier = createNotifier({
    fetch: options.fetch ?? nodeFetch,
    now,
    logger,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    attemptTimeoutMs: options.notificationTimeoutMs ?? 10_000,
    ...(options.random ? { random: options.random } : {}),
  });
  const payments = createPayments({
    store: createStore(),
    notifier,
    logger,
    now,
    secretOf: (shopId) => secretOf(shopId) ?? "",
    processingTimeoutMs: options.processingTimeoutMs ?? 30_000,
    sbpQrTtlMs: options.sbpQrTtlMs ?? 15 * 60_000,
    sbpLinkBase: options.sbpLinkBase,
  });

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof SandboxError) {
      return c.json(
        { code: err.code, message: err.message, ...(err.errors ? { errors: err.errors } : {}) },
        err.status,
      );
    }
    logger.warn("unhandled error", { path: c.req.path, error: err.message });
    return c.json({ code: "internal_error", message: "Internal error" }, 500);
  });
  app.notFound((c) => c.json({ code: "not_found", message: "No such route" }, 404));
  app.get("/", (c) => c.redirect("/health"));
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.route("/v1", apiRoutes({ payments, secretOf, publicUrl: options.publicUrl?.replace(/\/$/, "") }));
  app.route("/pay", pageRoutes({ payments, now, frameAncestors: options.frameAncestors ?? ["*"] }));
  app.route(
    "/sbp",
    sbpPageRoutes({
      payments,
      frameAncestors: options.frameAncestors ?? ["*"],
      payee: options.sbpPayee ?? "ООО «ЛК Бизнес» (тест)",
    }),
  );
  app.route("/assets", assetRoutes());

  const sandbox: SandboxControls = {
    tick: () => payments.tick(),
    notificationsIdle: () => notifier.idle(),
    deliveries: notifier.attempts,
    close() {
      payments.close();
      notifier.close();
    },
  };
  return Object.assign(app, { sandbox });
}
