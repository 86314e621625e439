import { AcquirerError } from "./errors";

export interface SandboxHttpOptions {
  baseUrl: string;
  shopId: string;
  secretKey: string;
  fetch: typeof fetch;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Extra tries after a network error or 5xx; safe because every write carries an Idempotency-Key. */
  retries: number;
}

interface RequestInput {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  idempotencyKey?: string;
}

/** JSON over HTTP Basic auth to the sandbox API; its `{ code, message }` errors become AcquirerError. */
export function createSandboxHttp(options: SandboxHttpOptions) {
  const base = options.baseUrl.replace(/\/$/, "");
  const authorization = `Basic ${Buffer.from(`${options.shopId}:${options.secretKey}`).toString("base64")}`;

  async function once({ method, path, body, idempotencyKey }: RequestInput): Promise<Response> {
    const headers: Record<string, string> = { Authorization: authorization, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    return options.fetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  }

  return async function request(input: RequestInput): Promise<unknown> {
    let lastError: AcquirerError | undefined;
    for (let attempt = 0; attempt <= options.retries; attempt++) {
      let res: Response;
      try {
        res = await once(input);
      } catch (err) {
        lastError = new AcquirerError("network_error", err instanceof Error ? err.message : String(err));
        continue;
      }
      const text = await res.text();
      const json: unknown = text ? safeParse(text) : undefined;
      if (res.ok) {
        if (json === undefined)
          throw new AcquirerError("invalid_response", "response is not JSON", res.status);
        return json;
      }
      const wire = (json ?? {}) as { code?: unknown; message?: unknown };
      const code = typeof wire.code === "string" ? wire.code : `http_${res.status}`;
      const message = typeof wire.message === "string" ? wire.message : res.statusText;
      lastError = new AcquirerError(code, `${code}: ${message}`, res.status);
      if (res.status < 500) throw lastError;
    }
    throw lastError ?? new AcquirerError("network_error", "no attempt made");
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
