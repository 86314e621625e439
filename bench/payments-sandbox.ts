// The payments benchmark's acquirer process: the sandbox acquirer (hosted card page, signed
// notifications to the API) served over HTTP on its own.
import { silentLogger, startSandboxServer } from "../apps/acquirer-sandbox/src/index";
import { failToParent, serveParent } from "./payments-procs";

try {
  const sandbox = await startSandboxServer({
    shops: { bench: "bench-secret" },
    logger: silentLogger,
    retry: { baseDelayMs: 50, maxAttempts: 8 },
  });
  process.send!({ type: "ready", url: sandbox.url });
  serveParent(
    async (m) => {
      if (m.type === "idle") await sandbox.app.sandbox.notificationsIdle();
      const d = sandbox.app.sandbox.deliveries;
      return { attempts: d.length, failedAttempts: d.filter((a) => !a.delivered).length };
    },
    () => sandbox.close(),
  );
} catch (e) {
  failToParent(e);
}
