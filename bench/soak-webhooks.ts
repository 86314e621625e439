// The soak benchmark's webhook receiver: a local HTTP server that accepts every delivery and counts
// them, checking that each carries the Standard Webhooks headers (the signature itself is checked
// in the webhook tests; here a delivery without its headers counts as bad).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export async function startWebhookReceiver() {
  let received = 0;
  let bad = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      if (!req.headers["webhook-id"] || !req.headers["webhook-signature"]) bad++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    count: () => received,
    unsigned: () => bad,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
