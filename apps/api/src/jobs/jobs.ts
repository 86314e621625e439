import { deliverOutbox, deliverWebhooks, pruneRateLimits } from "@lk/core";
import nodemailer from "nodemailer";
import type { AppDeps } from "../http/env";
import type { Job } from "./scheduler";

/** The background work of one API instance. */
export function defaultJobs(deps: AppDeps): Job[] {
  const db = deps.conn.db;
  const jobs: Job[] = [
    { name: "rate-limit-prune", everyMs: 10 * 60_000, run: () => pruneRateLimits(db, new Date(deps.now().getTime() - 86_400_000)) },
    { name: "webhook-delivery", everyMs: 2_000, run: () => deliverWebhooks({ db, now: deps.now }) },
  ];
  // Without SMTP_URL messages stay in the outbox, readable with `lk outbox` (demo, tests).
  if (deps.config.smtpUrl) {
    const transport = nodemailer.createTransport(deps.config.smtpUrl);
    jobs.push({
      name: "outbox-email",
      everyMs: 5_000,
      run: () =>
        deliverOutbox({
          db,
          now: deps.now,
          send: async (m) => {
            await transport.sendMail({ from: deps.config.smtpFrom, to: m.to, subject: m.subject, text: m.text });
          },
        }),
    });
  }
  return jobs;
}
