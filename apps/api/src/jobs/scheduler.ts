import { inSpan } from "@lk/tracing";
import type { Logger } from "../http/logger";
import { type Metrics, trackJob } from "../observability/metrics";

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs each job on its own interval, never two runs of one job at once. Jobs are written to be
 * safe on several API instances (SKIP LOCKED / unique keys), so every instance may run them.
 * Stopping clears the timers and waits for the runs in progress: each commits or rolls back its
 * batch before the pools close (graceful shutdown, docs/operations.md).
 */
export function startJobs(jobs: Job[], logger: Logger, metrics?: Metrics): () => Promise<void> {
  const running = new Map<string, Promise<unknown>>();
  for (const job of jobs) if (metrics) trackJob(metrics, job.name, job.everyMs);
  const timers = jobs.map((job) =>
    setInterval(() => {
      if (running.has(job.name)) return;
      const started = performance.now();
      // A span per run (while tracing is on): the job's statements and calls are its children.
      const p = inSpan(`job ${job.name}`, { "lk.job": job.name }, () => job.run())
        .then(() => {
          if (!metrics) return;
          metrics.jobRuns.inc({ job: job.name, result: "ok" });
          trackJob(metrics, job.name, job.everyMs, Date.now());
        })
        .catch((e) => {
          metrics?.jobRuns.inc({ job: job.name, result: "error" });
          logger.error("job failed", { job: job.name, error: (e as Error).message });
        })
        .finally(() => {
          metrics?.jobDuration.observe({ job: job.name }, (performance.now() - started) / 1000);
          running.delete(job.name);
        });
      running.set(job.name, p);
    }, job.everyMs),
  );
  return async () => {
    for (const t of timers) clearInterval(t);
    await Promise.allSettled(running.values());
  };
}
