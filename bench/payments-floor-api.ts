// The payments benchmark's floor, API side: the least any API must do per payment, with no
// framework, no auth, no idempotency, no validation, no audit, notifications or webhooks. A bare
// node:http server; create = one INSERT (autocommit) + the call to the acquirer; notification =
// an HMAC check + one statement that marks the payment paid, appends the ledger entry and moves
// the balance (data-modifying CTEs, atomic, autocommit). Same payers, same kind of acquirer calls.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { postgresClient } from "@lk/db";
import { request } from "undici";
import { failToParent, serveParent } from "./payments-procs";

const env = process.env;
const SECRET = "bench-floor-secret";

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

try {
  const sql = postgresClient(env.BENCH_DB_URL!, {
    max: Number(env.BENCH_POOL ?? 3),
    applicationName: "lk-bench-floor",
  });
  let publicUrl = "";
  const server = createServer(async (req, res) => {
    try {
      const text = await body(req);
      if (req.url === "/v1/payments") {
        const input = JSON.parse(text) as { items: { account_id: string; amount: number }[] };
        const item = input.items[0]!;
        const [row] = await sql`INSERT INTO bench_floor.payments (account_id, amount)
          VALUES (${item.account_id}, ${item.amount}) RETURNING id`;
        const payload = JSON.stringify({
          order_id: row!.id,
          amount: item.amount,
          notification_url: `${publicUrl}/notify`,
        });
        const ap = await request(`${env.BENCH_SANDBOX_URL}/payments`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: payload,
        });
        const a = (await ap.body.json()) as { confirmation_url: string };
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: row!.id, status: "pending", confirmation_url: a.confirmation_url }));
        return;
      }
      if (req.url === "/notify") {
        const mac = createHmac("sha256", SECRET).update(text).digest();
        const given = Buffer.from(String(req.headers["x-signature"]), "hex");
        if (given.length !== mac.length || !timingSafeEqual(given, mac)) {
          res.writeHead(401).end();
          return;
        }
        const n = JSON.parse(text) as { order_id: string };
        await sql`WITH p AS (
            UPDATE bench_floor.payments SET status = 'succeeded' WHERE id = ${n.order_id} AND status = 'pending'
            RETURNING id, account_id, amount),
          e AS (INSERT INTO bench_floor.ledger (account_id, payment_id, amount) SELECT account_id, id, amount FROM p)
          UPDATE bench_floor.accounts a SET balance = a.balance + p.amount FROM p WHERE a.id = p.account_id`;
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"ok":true}');
        return;
      }
      res.writeHead(404).end();
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.send!({ type: "ready", url: publicUrl });
  });
  serveParent(
    () => ({}),
    async () => {
      server.close();
      await sql.end({ timeout: 5 });
    },
  );
} catch (e) {
  failToParent(e);
}
