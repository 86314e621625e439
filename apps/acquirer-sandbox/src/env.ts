import type { SandboxOptions } from "./app";

/**
 * The sandbox's SBP settings from the environment — read the same way whether it runs on its own
 * (`pnpm -C apps/acquirer-sandbox start`) or inside the demo (`lk serve --demo`, `pnpm start`):
 * ACQUIRER_SBP_QR_TTL_SECONDS (default 900) and ACQUIRER_SBP_LINK_BASE (default: the sandbox's
 * own «bank app» page). A bad value stops the start, not the first payment.
 */
export function sbpOptionsFromEnv(
  env: Record<string, string | undefined>,
): Pick<SandboxOptions, "sbpQrTtlMs" | "sbpLinkBase"> {
  const raw = env.ACQUIRER_SBP_QR_TTL_SECONDS?.trim() || "900";
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`ACQUIRER_SBP_QR_TTL_SECONDS must be a positive number of seconds, not "${raw}"`);
  const linkBase = env.ACQUIRER_SBP_LINK_BASE?.trim();
  if (linkBase && !URL.canParse(linkBase))
    throw new Error(`ACQUIRER_SBP_LINK_BASE must be a URL (e.g. https://qr.nspk.ru), not "${linkBase}"`);
  return { sbpQrTtlMs: seconds * 1000, ...(linkBase ? { sbpLinkBase: linkBase.replace(/\/$/, "") } : {}) };
}
