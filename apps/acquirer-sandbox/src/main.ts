import { startSandboxServer } from "./server";

// Demo defaults only: a real deployment sets ACQUIRER_SECRET to something nobody can guess.
const port = Number(process.env.ACQUIRER_PORT ?? 3100);
const shopId = process.env.ACQUIRER_SHOP_ID ?? "sandbox_shop";
const secret = process.env.ACQUIRER_SECRET ?? "sandbox_secret";
const publicUrl = process.env.ACQUIRER_PUBLIC_URL ?? `http://localhost:${port}`;
const frameAncestors = process.env.ACQUIRER_FRAME_ANCESTORS?.split(/\s+/).filter(Boolean);
const processingTimeoutMs = Number(process.env.ACQUIRER_PROCESSING_TIMEOUT_MS ?? 30_000);
const sbpQrTtlMs = Number(process.env.ACQUIRER_SBP_QR_TTL_SECONDS ?? 900) * 1000;
const sbpLinkBase = process.env.ACQUIRER_SBP_LINK_BASE || undefined;
if (!Number.isFinite(sbpQrTtlMs) || sbpQrTtlMs <= 0)
  throw new Error("ACQUIRER_SBP_QR_TTL_SECONDS must be a positive number of seconds");

const sandbox = await startSandboxServer(
  {
    shops: { [shopId]: secret },
    publicUrl,
    processingTimeoutMs,
    sbpQrTtlMs,
    ...(sbpLinkBase ? { sbpLinkBase } : {}),
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
