// The payments benchmark's load generator: `payers` concurrent payers, each in a loop creates a
// payment on the API (POST /v1/payments) and submits the test card on the sandbox's hosted page.
// Runs in its own process so that the client's CPU is not the API's or the acquirer's.
import { failToParent, serveParent } from "./payments-procs";

export interface PayersSpec {
  apiUrl: string;
  token: string;
  accountIds: string[];
  payers: number;
  payments: number;
  /** Idempotency keys are `${keyPrefix}-${i}`. */
  keyPrefix: string;
}

async function pay(spec: PayersSpec) {
  const latencies: number[] = [];
  const phase = { create: 0, page: 0 };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.payers }, async () => {
      for (;;) {
        const i = next++;
        if (i >= spec.payments) return;
        const t0 = performance.now();
        const res = await fetch(`${spec.apiUrl}/v1/payments`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${spec.token}`,
            "idempotency-key": `${spec.keyPrefix}-${i}`,
          },
          body: JSON.stringify({
            items: [{ account_id: spec.accountIds[i % spec.accountIds.length], amount: 100_00 }],
            method: "card",
          }),
        });
        const p = (await res.json()) as { confirmation_url: string };
        if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(p)}`);
        const t1 = performance.now();
        const page = await fetch(p.confirmation_url, {
          method: "POST",
          body: new URLSearchParams({
            card_number: "4242424242424242",
            expiry: "12/30",
            cvc: "123",
            holder: "BENCH",
          }),
          redirect: "manual",
        });
        await page.arrayBuffer();
        if (page.status >= 400) throw new Error(`hosted page: ${page.status}`);
        const t2 = performance.now();
        phase.create += t1 - t0;
        phase.page += t2 - t1;
        latencies.push(t2 - t0);
      }
    }),
  );
  return { latencies, phase, seconds: (performance.now() - started) / 1000 };
}

try {
  serveParent(async (m) => (m.type === "pay" ? pay(m.spec as PayersSpec) : {}));
  process.send!({ type: "ready" });
} catch (e) {
  failToParent(e);
}
