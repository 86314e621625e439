// Plumbing of the payments benchmark's processes (bench/payments.bench.ts): each part — the API,
// the sandbox acquirer, the payers — runs in a child process of its own and talks to the others
// over real HTTP; the parent only starts them and asks each, over the IPC channel, for its figures.
import { type ChildProcess, fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export interface ProcStats {
  /** CPU seconds this process used (user + system) since it started. */
  cpu: number;
  /** SQL statements sent to PostgreSQL (the API process only). */
  statements?: number;
}

type Msg = { id?: number; type: string; [k: string]: unknown };

/** A child started with tsx; `ask` sends a message and resolves with the child's answer to it. */
export interface Proc {
  child: ChildProcess;
  ready: Msg;
  ask<T = Msg>(type: string, data?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Forks bench/<script> under tsx with `env` and waits for its `ready` message. BENCH_CPU_PROF=dir
 * writes a V8 CPU profile of each child into that folder (node --cpu-prof).
 */
export async function startProc(script: string, env: Record<string, string>): Promise<Proc> {
  const prof = process.env.BENCH_CPU_PROF;
  const child = fork(join(here, script), [], {
    execArgv: ["--import", "tsx", ...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [])],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, (m: Msg) => void>();
  let nextId = 1;
  let failed: Error | undefined;
  const readyP = new Promise<Msg>((resolve, reject) => {
    child.on("message", (m: Msg) => {
      if (m.type === "ready") resolve(m);
      else if (m.type === "error") {
        failed = new Error(`${script}: ${String(m.message)}`);
        reject(failed);
        for (const w of waiting.values()) w(m);
      } else if (m.id !== undefined) {
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
      }
    });
    child.on("exit", (code) => {
      failed ??= new Error(`${script} exited with ${code}`);
      reject(failed);
      for (const w of waiting.values()) w({ type: "error", message: failed.message });
    });
  });
  const ready = await readyP;
  return {
    child,
    ready,
    ask<T>(type: string, data: Record<string, unknown> = {}) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, (m) => (m.type === "error" ? reject(new Error(String(m.message))) : resolve(m as T)));
        child.send({ id, type, ...data });
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.send({ type: "stop" });
      }),
  };
}

/** The child's side: answers the parent's messages with `handle` (stop → exit, stats → CPU). */
export function serveParent(
  handle: (m: Msg) => Promise<Record<string, unknown>> | Record<string, unknown> | undefined,
  onStop: () => Promise<void> = async () => {},
) {
  process.on("message", async (m: Msg) => {
    try {
      if (m.type === "stop") {
        await onStop();
        process.disconnect?.();
        // Let --cpu-prof write its file on a normal exit.
        setImmediate(() => process.exit(0));
        return;
      }
      const extra = (await handle(m)) ?? {};
      process.send!({ id: m.id, type: "answer", ...ownStats(), ...extra });
    } catch (e) {
      process.send!({ id: m.id, type: "error", message: (e as Error).stack ?? String(e) });
    }
  });
}

export const ownStats = (): ProcStats => {
  const u = process.cpuUsage();
  return { cpu: (u.user + u.system) / 1e6 };
};

export function failToParent(e: unknown) {
  process.send?.({ type: "error", message: (e as Error).stack ?? String(e) });
  setTimeout(() => process.exit(1), 100);
}
