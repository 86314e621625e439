import { sbpOptionsFromEnv } from "./env";
import { startSandboxServer } from "./server";

// Demo defaults only: a real deployment sets ACQUIRER_SECRET to something nobody can guess.
const port = Number(process.env.ACQUIRER_PORT ?? 3100);
const shopId = process.env.ACQUIRER_SHOP_ID ?? "sandbox_shop";
const secret = process.env.ACQUIRER_SECRET ?? "sandbox_secret";
const publicUrl = process.env.ACQUIRER_PUBLIC_URL ?? `http://localhost:${port}`;
const frameAncestors = process.env.ACQUIRER_FRAME_ANCESTORS?.split(/\s+/).filter(Boolean);
const processingTimeoutMs = Number(process.env.ACQUIRER_PROCESSING_TIMEOUT_MS ?? 30_000);

const sandbox = await startSandboxServer(
  {
    shops: { [shopId]: secret },
    publicUrl,
    processingTimeoutMs,
    ...sbpOptionsFromEnv(process.env),
    ...(frameAncestors?.length ? { frameAncestors } : {}),
  },
  { port, hostname: process.env.ACQUIRER_HOST ?? "0.0.0.0" },
);
console.log(JSON.stringify({ level: "info", message: "acquirer sandbox listening", publicUrl, shopId }));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    sandbox.close().then(() => process.exit(0));
  });
}
