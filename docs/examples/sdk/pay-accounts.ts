/**
 * Pay several accounts with one card payment. The server prices it and asks the acquirer for a
 * confirmation page; the payer enters the card there (card data never reaches our API). The
 * Idempotency-Key is your order id: retrying this script after a crash can't pay twice.
 */
import { baseUrl, createClient, login, password } from "./env";

const lk = createClient({ baseUrl });
await lk.auth.signIn({ login, password });

const accounts = await lk.accounts.list({ limit: 3, status: "active" }).toArray({ max: 3 });
const orderId = process.env.ORDER_ID ?? `example-${Date.now()}`;
const payment = await lk.payments.create(
  {
    items: accounts.map((a) => ({ account_id: a.id, amount: 500_00 })), // 500 ₽ each, in kopecks
    method: "card",
    return_url: "https://example.com/paid",
  },
  { idempotencyKey: orderId },
);
console.log(
  `payment ${payment.id}: ${payment.status}, ${(payment.amount / 100).toFixed(2)} ₽ over ${accounts.length} accounts`,
);
if (payment.confirmation_url) console.log(`confirm at: ${payment.confirmation_url}`);

// The same key again is a replay: the same payment, nothing charged twice.
const again = await lk.payments.create(
  {
    items: accounts.map((a) => ({ account_id: a.id, amount: 500_00 })),
    method: "card",
    return_url: "https://example.com/paid",
  },
  { idempotencyKey: orderId },
);
console.log(`replayed: ${again.id === payment.id}`);
