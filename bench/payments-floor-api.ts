// The payments benchmark's floor, API side: the least any API must do per payment, with no auth,
// no idempotency, no validation, no audit, notifications or webhooks. Create = one INSERT
// (autocommit) + the call to the acquirer; notification = an HMAC check + one statement that marks
// the payment paid, appends the ledger entry and moves the balance (data-modifying CTEs, atomic,
// autocommit). Bare: node:http and postgres.js' own prepared statements; on the stack
// (BENCH_FLOOR_STACK=1): Hono and drizzle over the product's postgres.js connection.
import { createHmac, timingSafeEqual } from "node:crypto";
import { postgresClient, postgresConnection, rows } from "@lk/db";
import { sql as drizzleSql } from "drizzle-orm";
import { request } from "undici";
import { onStack, serveFloor } from "./payments-floor-serve";
import { failToParent, serveParent } from "./payments-procs";

const env = process.env;
const SECRET = "bench-floor-secret";

try {
  const sql = postgresClient(env.BENCH_DB_URL!, {
    max: Number(env.BENCH_POOL ?? 3),
    applicationName: "lk-bench-floor",
  });
  const conn = postgresConnection(sql);
  const insert = async (accountId: string, amount: number) =>
    onStack
      ? (
          await rows<{ id: string }>(
            conn.db,
            drizzleSql`INSERT INTO bench_floor.payments (account_id, amount) VALUES (${accountId}, ${amount}) RETURNING id`,
          )
        )[0]!.id
      : ((
          await sql`INSERT INTO bench_floor.payments (account_id, amount) VALUES (${accountId}, ${amount}) RETURNING id`
        )[0]!.id as string);
  const credit = async (orderId: string) => {
    const q = (id: string) =>
      [
        `WITH p AS (UPDATE bench_floor.payments SET status = 'succeeded' WHERE id = `,
        id,
        ` AND status = 'pending' RETURNING id, account_id, amount),
        e AS (INSERT INTO bench_floor.ledger (account_id, payment_id, amount) SELECT account_id, id, amount FROM p)
        UPDATE bench_floor.accounts a SET balance = a.balance + p.amount FROM p WHERE a.id = p.account_id`,
      ] as const;
    const [head, id, tail] = q(orderId);
    if (onStack) await rows(conn.db, drizzleSql`${drizzleSql.raw(head)}${id}::uuid${drizzleSql.raw(tail)}`);
    else await sql.unsafe(`${head}$1::uuid${tail}`, [id], { prepare: true });
  };
  let publicUrl = "";
  const server = await serveFloor(["/v1/payments", "/notify"], async (path, text, header) => {
    if (path === "/v1/payments") {
      const input = JSON.parse(text) as { items: { account_id: string; amount: number }[]; method?: string };
      const item = input.items[0]!;
      const id = await insert(item.account_id, item.amount);
      const ap = await request(`${env.BENCH_SANDBOX_URL}/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          order_id: id,
          amount: item.amount,
          notification_url: `${publicUrl}/notify`,
          method: input.method,
        }),
      });
      const a = (await ap.body.json()) as { confirmation_url?: string; qr_payload?: string };
      return {
        status: 201,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(
          a.qr_payload
            ? { id, status: "pending", confirmation_type: "qr", qr: { payload: a.qr_payload } }
            : { id, status: "pending", confirmation_url: a.confirmation_url },
        ),
      };
    }
    const mac = createHmac("sha256", SECRET).update(text).digest();
    const given = Buffer.from(header("x-signature") ?? "", "hex");
    if (given.length !== mac.length || !timingSafeEqual(given, mac)) return { status: 401 };
    await credit((JSON.parse(text) as { order_id: string }).order_id);
    return { status: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' };
  });
  publicUrl = server.url;
  process.send!({ type: "ready", url: publicUrl });
  serveParent(
    () => ({}),
    async () => {
      server.close();
      await conn.close();
    },
  );
} catch (e) {
  failToParent(e);
}
