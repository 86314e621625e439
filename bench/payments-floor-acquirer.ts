// The payments benchmark's floor, acquirer side: a bare node:http acquirer that creates a payment,
// takes the card form on its "hosted page" and sends one HMAC-signed notification (no retries,
// no page rendering, no Luhn). See bench/payments-floor-api.ts.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { failToParent, serveParent } from "./payments-procs";

const SECRET = "bench-floor-secret";
const pending = new Map<string, { orderId: string; amount: number; notificationUrl: string }>();
let inFlight = 0;
let idle: (() => void) | undefined;

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

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
  const server = createServer(async (req, res) => {
    const text = await body(req);
    if (req.url === "/payments") {
      const input = JSON.parse(text) as { order_id: string; amount: number; notification_url: string };
      const id = randomUUID();
      pending.set(id, {
        orderId: input.order_id,
        amount: input.amount,
        notificationUrl: input.notification_url,
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, confirmation_url: `${url}/pay/${id}` }));
      return;
    }
    const p = req.url?.startsWith("/pay/") ? pending.get(req.url.slice(5)) : undefined;
    if (!p || !new URLSearchParams(text).get("card_number")) {
      res.writeHead(404).end();
      return;
    }
    pending.delete(req.url!.slice(5));
    res.writeHead(303, { location: "http://127.0.0.1:1/return" }).end();
    notify(p).catch((e) => failToParent(e));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.send!({ type: "ready", url });
  });
  serveParent(
    async (m) => {
      if (m.type === "idle" && inFlight > 0) await new Promise<void>((r) => (idle = r));
      return {};
    },
    async () => {
      server.close();
    },
  );
} catch (e) {
  failToParent(e);
}
