// The payments benchmark's floor, acquirer side: an acquirer that creates a payment, takes the card
// form on its "hosted page" — or, for SBP, answers a QR link and takes the bank's confirmation on
// it — and sends one HMAC-signed notification (no retries, no page, no Luhn, no QR id or crc).
// Bare node:http, or Hono with BENCH_FLOOR_STACK=1 (bench/payments-floor-serve.ts).
import { createHmac, randomUUID } from "node:crypto";
import { request } from "undici";
import { type FloorAnswer, serveFloor } from "./payments-floor-serve";
import { failToParent, serveParent } from "./payments-procs";

const SECRET = "bench-floor-secret";
const pending = new Map<string, { orderId: string; amount: number; notificationUrl: string }>();
/** What says the payer paid: the card number on the page, or the bank that confirmed an SBP link. */
const PAID_BY = ["card_number", "bank"];
let inFlight = 0;
let idle: (() => void) | undefined;

async function notify(p: { orderId: string; amount: number; notificationUrl: string }) {
  inFlight++;
  try {
    const payload = JSON.stringify({ order_id: p.orderId, amount: p.amount, status: "succeeded" });
    const res = await request(p.notificationUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature": createHmac("sha256", SECRET).update(payload).digest("hex"),
      },
      body: payload,
    });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`floor notification: ${res.statusCode}`);
  } finally {
    if (--inFlight === 0) idle?.();
  }
}

try {
  let url = "";
  const server = await serveFloor(
    ["/payments", "/pay/:id", "/sbp/:id"],
    async (path, text): Promise<FloorAnswer> => {
      if (path === "/payments") {
        const input = JSON.parse(text) as {
          order_id: string;
          amount: number;
          notification_url: string;
          method?: string;
        };
        const id = randomUUID();
        pending.set(id, {
          orderId: input.order_id,
          amount: input.amount,
          notificationUrl: input.notification_url,
        });
        return {
          status: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(
            input.method === "sbp"
              ? { id, qr_payload: `${url}/sbp/${id}?sum=${input.amount}` }
              : { id, confirmation_url: `${url}/pay/${id}` },
          ),
        };
      }
      const id = path.slice(path.lastIndexOf("/") + 1);
      const p = pending.get(id);
      const form = new URLSearchParams(text);
      if (!p || !PAID_BY.some((k) => form.get(k))) return { status: 404 };
      pending.delete(id);
      notify(p).catch((e) => failToParent(e));
      return { status: 303, headers: { location: "http://127.0.0.1:1/return" } };
    },
  );
  url = server.url;
  process.send!({ type: "ready", url });
  serveParent(
    async (m) => {
      if (m.type === "idle" && inFlight > 0) await new Promise<void>((r) => (idle = r));
      return {};
    },
    async () => server.close(),
  );
} catch (e) {
  failToParent(e);
}
