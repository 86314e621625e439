import cluster from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";

/**
 * `/metrics` of a cluster (LK_WORKERS > 1) as one process's would read: the primary asks every
 * worker for its registry over the cluster's IPC channel and adds them up with prom-client's
 * AggregatorRegistry (counters and histograms summed; the database-wide gauges, which every worker
 * reads alike, taken once — see `aggregator` in metrics.ts). The primary serves the sum on
 * LK_METRICS_PORT; a worker answering the operator's `/metrics` asks the primary for it.
 */
export interface Exposition {
  metrics(): Promise<string>;
  contentType: string;
}

const REQ = "lk:cluster-metrics-req";
const RES = "lk:cluster-metrics-res";
/** prom-client gives up on silent workers after 5 s; the worker waits a little longer for that. */
const WAIT_MS = 7_000;

interface Message {
  type?: string;
  id?: number;
  text?: string;
  error?: string;
}

/** In the primary: the cluster's metrics, and answers to workers that ask for them. */
export function primaryExposition(): Exposition {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, msg: Message) => {
    if (msg?.type !== REQ) return;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: RES, id: msg.id, text }),
      (e: Error) => worker.isConnected() && worker.send({ type: RES, id: msg.id, error: e.message }),
    );
  });
  return { metrics: () => aggregator.clusterMetrics(), contentType: aggregator.contentType };
}

/** In a worker: hands `registry` to the primary's aggregation and reads the cluster's sum from it. */
export function workerExposition(registry: Registry): Exposition {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // its constructor installs the worker's answering listener
  let seq = 0;
  const waiting = new Map<number, { resolve(t: string): void; reject(e: Error): void }>();
  process.on("message", (msg: Message) => {
    if (msg?.type !== RES || msg.id === undefined) return;
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.error !== undefined) w?.reject(new Error(`cluster metrics: ${msg.error}`));
    else w?.resolve(msg.text ?? "");
  });
  return {
    contentType: registry.contentType,
    metrics: () =>
      new Promise<string>((resolve, reject) => {
        const id = ++seq;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error("cluster metrics: the primary did not answer"));
        }, WAIT_MS);
        waiting.set(id, {
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        process.send?.({ type: REQ, id });
      }),
  };
}
