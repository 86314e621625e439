/**
 * Receive and verify webhooks: a tiny HTTP receiver on localhost, an endpoint registered for it,
 * and a test event the API signs and delivers. The receiver checks the Standard Webhooks signature
 * on the raw body with the endpoint's whsec_… secret before trusting a byte of it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook, WebhookVerificationError } from "../../../packages/sdk/src/webhooks"; // "@lk/sdk/webhooks"
import { baseUrl, createClient, login, password } from "./env";

const lk = createClient({ baseUrl });
await lk.auth.signIn({
  login: process.env.LK_ADMIN_LOGIN ?? (login === "demo-buh" ? "demo-admin" : login),
  password: process.env.LK_ADMIN_PASSWORD ?? (login === "demo-buh" ? "Demo-Admin-2026" : password),
});

let secret = "";
const received = new Promise<{ type: string }>((resolve) => {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const event = await verifyWebhook<{ type: string }>(
        Buffer.concat(chunks),
        req.headers as Record<string, string>,
        secret,
      );
      res.writeHead(204).end();
      server.close();
      resolve(event);
    } catch (e) {
      res.writeHead(e instanceof WebhookVerificationError ? 400 : 500).end();
    }
  });
  server.listen(0, "127.0.0.1", async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lk-webhooks`;
    const endpoint = await lk.webhookEndpoints.create({
      url,
      events: ["*"],
      description: "example receiver",
    });
    secret = endpoint.secret;
    console.log(`endpoint ${endpoint.id} → ${url}`);
    await lk.webhookEndpoints.test(endpoint.id);
    console.log("test event queued; waiting for the delivery…");
    setTimeout(() => {
      console.error("no delivery within 60 s (is the API's job runner on?)");
      process.exit(1);
    }, 60_000).unref();
  });
});
const event = await received;
console.log(`verified webhook: ${event.type}`);
