import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The API as production runs it — `lk serve --workers N` in processes of its own — for benchmarks
// that compare one worker with several. Ready when /healthz answers. BENCH_CPU_PROF=dir profiles it.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export async function serveProcess(databaseUrl: string, workers: number, env: Record<string, string> = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      // BENCH_CPU_PROF=dir: a V8 CPU profile of each process (as bench/payments-procs.ts does).
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      "apps/api/src/cli/main.ts",
      "serve",
      "--workers",
      String(workers),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        LK_LOG_LEVEL: "silent",
        LK_SCRYPT_N: "1024",
        LK_OPERATOR_KEY: "op_bench_operator_key_0123456789",
        // What the API hands the acquirer as its notification address: this process itself.
        LK_PUBLIC_URL: base,
        ...env,
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`lk serve exited with code ${child.exitCode}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error("lk serve did not answer /healthz within 60 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    pid: child.pid!,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
