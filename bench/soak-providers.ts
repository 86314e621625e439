// The soak benchmark's outside world in one child process: the sandbox acquirer (hosted card page,
// signed notifications to the API) and the sandbox cash register (fiscal receipts, answering after
// a delay as a real one does). Both are test doubles the product reaches over HTTP.

import { silentLogger, startSandboxServer } from "../apps/acquirer-sandbox/src/index";
import { startCashRegisterServer } from "../apps/cash-register-sandbox/src/index";
import { failToParent, serveParent } from "./payments-procs";

try {
  const acquirer = await startSandboxServer({
    shops: { soak: "soak-secret" },
    logger: silentLogger,
    retry: { baseDelayMs: 200, maxAttempts: 8 },
  });
  const register = await startCashRegisterServer({ logins: { soak: "soak-password" }, delayMs: 200 });
  process.send!({ type: "ready", acquirerUrl: acquirer.url, cashRegisterUrl: register.url });
  serveParent(
    () => {
      const d = acquirer.app.sandbox.deliveries;
      return { notifications: d.length, failedNotifications: d.filter((a) => !a.delivered).length };
    },
    async () => {
      await acquirer.close();
      await register.close();
    },
  );
} catch (e) {
  failToParent(e);
}
