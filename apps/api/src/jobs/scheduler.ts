import type { Logger } from "../http/logger";

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs each job on its own interval, never two runs of one job at once. Jobs are written to be
 * safe on several API instances (SKIP LOCKED / unique keys), so every instance may run them.
 */
export function startJobs(jobs: Job[], logger: Logger): () => Promise<void> {
  const running = new Map<string, Promise<unknown>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      if (running.has(job.name)) return;
      const p = job
        .run()
        .catch((e) => logger.error("job failed", { job: job.name, error: (e as Error).message }))
        .finally(() => running.delete(job.name));
      running.set(job.name, p);
    }, job.everyMs),
  );
  return async () => {
    for (const t of timers) clearInterval(t);
    await Promise.allSettled(running.values());
  };
}
