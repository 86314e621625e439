import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// The embedded PGlite database is one process's folder: a second process opening it (the CLI
// while `lk serve` runs) reads a stale copy and, writing, can corrupt it. The server holding
// LK_DATA_DIR writes this lock (pid, port); the CLI and a second server check it first (ADR 0081).

export interface DataLock {
  pid: number;
  port: number;
  /** Where the holder answers on this machine (http://127.0.0.1:PORT). */
  url: string;
  /** Started with --demo: the demo-only routes (test mailbox) are there. */
  demo: boolean;
  startedAt: string;
}

export const LOCK_FILE = "lk-server.lock";
const lockPath = (dataDir: string) => join(dataDir, LOCK_FILE);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
};

/** The lock of a live process holding `dataDir`, or null (none, unreadable, or left by a dead one). */
export function readDataLock(dataDir: string): DataLock | null {
  let lock: DataLock;
  try {
    lock = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as DataLock;
  } catch {
    return null;
  }
  if (!Number.isInteger(lock.pid) || lock.pid === process.pid || !alive(lock.pid)) return null;
  return lock;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lock: DataLock,
    dataDir: string,
  ) {
    super(
      `the server (pid ${lock.pid}, ${lock.url}) holds the embedded database in ${dataDir}: ` +
        "stop it first (Ctrl-C), or use the operator API of the running server " +
        "(docs/operations.md, «The embedded database is one process's»)",
    );
  }
}

/** Throws DataDirLockedError if a live process holds `dataDir`. */
export function assertDataDirFree(dataDir: string): void {
  const lock = readDataLock(dataDir);
  if (lock) throw new DataDirLockedError(lock, dataDir);
}

/** Claims `dataDir` for this process; returns the release (removes the lock if it is still ours). */
export function claimDataDir(dataDir: string, info: { port: number; demo: boolean }): () => void {
  assertDataDirFree(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const lock: DataLock = {
    pid: process.pid,
    port: info.port,
    url: `http://127.0.0.1:${info.port}`,
    demo: info.demo,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(lockPath(dataDir), `${JSON.stringify(lock)}\n`, { mode: 0o644 });
  const release = () => {
    try {
      const now = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as DataLock;
      if (now.pid === process.pid) rmSync(lockPath(dataDir), { force: true });
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}
