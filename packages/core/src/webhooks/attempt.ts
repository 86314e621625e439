import { DELIVERY_TIMEOUT_MS } from "./schedule";

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  excerpt: string | null;
}

const EXCERPT_BYTES = 1024;

/** The first KiB of the receiver's answer, for the delivery log; the rest is not read. */
async function excerptOf(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8");
  return text || null;
}

function describe(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
    return `timeout after ${timeoutMs / 1000} s`;
  const cause =
    err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const msg = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return `connection failed: ${msg}`.slice(0, 500);
}

/** One POST to the receiver: 2xx is success; redirects are not followed (a 3xx is a failure). */
export async function attemptDelivery(
  fetchFn: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<AttemptResult> {
  try {
    const res = await fetchFn(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const excerpt = await excerptOf(res).catch(() => null);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status}`, excerpt };
  } catch (err) {
    return { ok: false, statusCode: null, error: describe(err, timeoutMs), excerpt: null };
  }
}
