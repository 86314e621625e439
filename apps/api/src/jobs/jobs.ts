import { randomUUID } from "node:crypto";
import {
  type Ctx,
  deliverOutbox,
  deliverWebhooks,
  expirePromisedPayments,
  mailAttachments,
  markOverdueInvoices,
  pruneLoginLockouts,
  pruneRateLimits,
  registerReceipts,
  runAutopay,
  runScheduledBilling,
  sendLowBalanceNotices,
  suspendOverdue,
  sweepAbandonedPayments,
} from "@lk/core";
import { inSpan, SpanKind } from "@lk/tracing";
import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { AppDeps } from "../http/env";
import type { Job } from "./scheduler";
import { nodemailerSend } from "./smtp";

/** Jobs act as the operator's back office, like the CLI. */
function jobCtx(deps: AppDeps, name: string): Ctx {
  return {
    db: deps.conn.db,
    principal: { type: "operator", name: `job:${name}` },
    config: deps.core,
    keys: deps.keys,
    now: deps.now,
    requestId: `job-${name}-${randomUUID()}`,
    ip: null,
    userAgent: null,
    lang: "ru",
  };
}

const MINUTE = 60_000;

/** The background work of one API instance; every job is idempotent and safe on several instances. */
export function defaultJobs(deps: AppDeps): Job[] {
  const db = deps.conn.db;
  const jobs: Job[] = [
    {
      name: "webhook-delivery",
      everyMs: 2_000,
      run: async () => {
        const r = await deliverWebhooks({ db, now: deps.now });
        const counted = deps.metrics.webhookDeliveries;
        if (r.succeeded) counted.inc({ result: "succeeded" }, r.succeeded);
        if (r.retrying) counted.inc({ result: "retrying" }, r.retrying);
        if (r.failed) counted.inc({ result: "failed" }, r.failed);
        return r;
      },
    },
    {
      // Fiscal receipts: hand pending ones to the cash register, collect the fiscal data; a register
      // that is down is retried with backoff (docs/receipts.md).
      name: "receipts",
      everyMs: 1_000,
      run: () => registerReceipts({ ctx: jobCtx(deps, "receipts"), cashRegister: deps.cashRegister }),
    },
    {
      name: "promised-payment-expiry",
      everyMs: 5 * MINUTE,
      run: () => expirePromisedPayments({ ctx: jobCtx(deps, "promised") }),
    },
    {
      // Card and SBP drafts a dead request left without an acquirer id, never retried (ADR 0089).
      name: "abandoned-payments",
      everyMs: 5 * MINUTE,
      run: () => sweepAbandonedPayments({ ctx: jobCtx(deps, "abandoned-payments") }),
    },
    {
      name: "autopay",
      everyMs: 5 * MINUTE,
      run: () => runAutopay({ ctx: jobCtx(deps, "autopay"), acquirer: deps.acquirer }),
    },
    {
      name: "low-balance-notices",
      everyMs: 30 * MINUTE,
      run: () => sendLowBalanceNotices({ ctx: jobCtx(deps, "low-balance") }),
    },
    {
      // Billing first (it issues the invoices the next two look at), then overdue marking, then suspension.
      name: "billing-daily",
      everyMs: 60 * MINUTE,
      run: async () => {
        await runScheduledBilling({ ctx: jobCtx(deps, "billing") });
        await markOverdueInvoices({ ctx: jobCtx(deps, "overdue") });
        await suspendOverdue({ ctx: jobCtx(deps, "suspend") });
      },
    },
    {
      name: "rate-limit-prune",
      everyMs: 10 * MINUTE,
      run: async () => {
        const dayAgo = new Date(deps.now().getTime() - 86_400_000);
        await pruneRateLimits(db, dayAgo);
        await pruneLoginLockouts(db, dayAgo);
      },
    },
  ];
  // PGlite has no autovacuum, so nothing ever refreshes the planner's statistics: as the ledger
  // and the calls grow, the planner keeps estimating one row and picks nested loops (the
  // overview's company balance went from 11 ms to 3 s on a year of ledger, docs/portal.md
  // "Budgets"). PostgreSQL's autovacuum does this by itself.
  if (deps.conn.kind === "pglite") {
    jobs.push({ name: "pglite-analyze", everyMs: 60 * MINUTE, run: () => db.execute(sql`ANALYZE`) });
  }
  // Without SMTP_URL messages stay in the outbox, readable with `lk outbox` (demo, tests).
  if (deps.config.smtpUrl) {
    const send = nodemailerSend(nodemailer.createTransport(deps.config.smtpUrl), deps.config.smtpFrom);
    const smtp = new URL(deps.config.smtpUrl);
    // The server only: never the recipient or the subject (personal data).
    const smtpAttributes = {
      "server.address": smtp.hostname,
      "server.port": Number(smtp.port) || (smtp.protocol === "smtps:" ? 465 : 25),
    };
    jobs.push({
      name: "outbox-email",
      everyMs: 5_000,
      run: async () => {
        const r = await deliverOutbox({
          db,
          now: deps.now,
          send: (m) => inSpan("smtp send", smtpAttributes, () => send(m), SpanKind.CLIENT),
          // The fiscal receipt's PDF, drawn when sent (docs/receipts.md).
          render: mailAttachments(deps.core),
        });
        if (r.sent) deps.metrics.outboxMessages.inc({ result: "sent" }, r.sent);
        if (r.failed) deps.metrics.outboxMessages.inc({ result: "failed" }, r.failed);
        return r;
      },
    });
  }
  return jobs;
}
