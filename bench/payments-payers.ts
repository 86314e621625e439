// The payments benchmark's load generator: `payers` concurrent payers, each in a loop creates a
// payment on the API (POST /v1/payments) and submits the test card on the sandbox's hosted page —
// or, for SBP, opens the QR code's link (the sandbox's «bank app») and confirms in a test bank.
// Runs in its own process so that the client's CPU is not the API's or the acquirer's, and sends
// with undici's `request` (no fetch layer, redirects not followed): on two shared cores the load
// generator's CPU is taken from the system under test, so it should spend as little as a real
// client would on its own machine.
import { request } from "undici";
import { failToParent, serveParent } from "./payments-procs";

export interface PayersSpec {
  /** The API processes; payment i goes to apiUrls[i % length]. */
  apiUrls: string[];
  token: string;
  accountIds: string[];
  payers: number;
  payments: number;
  /** Idempotency keys are `${keyPrefix}-${i}`. */
  keyPrefix: string;
  /** "card" (default) or "sbp". */
  method?: "card" | "sbp";
}

/** The test bank that always confirms (apps/acquirer-sandbox/src/sbp.ts: Тестбанк). */
const SBP_BANK = "100000000901";

async function pay(spec: PayersSpec) {
  const method = spec.method ?? "card";
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
        const res = await request(`${spec.apiUrls[i % spec.apiUrls.length]}/v1/payments`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${spec.token}`,
            "idempotency-key": `${spec.keyPrefix}-${i}`,
          },
          body: JSON.stringify({
            items: [{ account_id: spec.accountIds[i % spec.accountIds.length], amount: 100_00 }],
            method,
          }),
        });
        const p = (await res.body.json()) as { confirmation_url: string; qr?: { payload: string } };
        if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${JSON.stringify(p)}`);
        const t1 = performance.now();
        // SBP: the phone opens the QR's link (its query is what the code carries; the page needs
        // only the path) and the payer confirms in a bank that confirms.
        const link = method === "sbp" ? new URL(p.qr!.payload) : undefined;
        const page = await request(link ? `${link.origin}${link.pathname}` : p.confirmation_url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(
            link
              ? { action: "confirm", bank: SBP_BANK }
              : { card_number: "4242424242424242", expiry: "12/30", cvc: "123", holder: "BENCH" },
          ).toString(),
        });
        await page.body.dump();
        if (page.statusCode >= 400) throw new Error(`hosted page: ${page.statusCode}`);
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
