import { nodeFetch } from "@lk/http-client";
import { DEFAULT_TIME_ZONE } from "../../time/zone";
import {
  type CashRegisterProvider,
  CashRegisterRejected,
  CashRegisterUnavailable,
  type RegistrationReport,
} from "../provider";
import { atolRequest, parseAtolPayload } from "./atol-wire";

export interface AtolCashRegisterOptions {
  /** e.g. https://online.atol.ru or the sandbox's http://localhost:3200 */
  baseUrl: string;
  login: string;
  password: string;
  /** АТОЛ's group code (the group of registers receipts go to). */
  groupCode: string;
  /** By default undici's `request` with keep-alive (`nodeFetch`), as the acquirer's client. */
  fetch?: typeof fetch;
  /** Per-request timeout; a register that does not answer in time counts as unavailable. */
  timeoutMs?: number;
  /**
   * The register's local time zone: АТОЛ writes dates without one. The operator's configured zone
   * (LK_TIME_ZONE); Europe/Moscow by default.
   */
  timeZone?: string;
}

/**
 * A cloud cash register speaking АТОЛ Онлайн v5: a token from getToken (kept until the register
 * says it expired), sell / sell_refund with the external id, report by uuid. Only the register's
 * refusal of a document (a 4xx to sell / sell_refund other than 401/403) is CashRegisterRejected:
 * the receipt is failed and may be sent again under a new id. Everything else — network errors,
 * 5xx, timeouts, refused credentials, a refused report — is CashRegisterUnavailable and the job
 * asks again later: a report we could not read may be of a receipt the register did register, and
 * failing it would put a second приход in the fiscal drive on retry; wrong credentials are the
 * operator's to fix, not every receipt's fate.
 */
export function createAtolCashRegister(options: AtolCashRegisterOptions): CashRegisterProvider {
  const base = `${options.baseUrl.replace(/\/$/, "")}/possystem/v5`;
  const doFetch = options.fetch ?? nodeFetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  let token: Promise<string> | undefined;

  async function http(method: "GET" | "POST", path: string, body?: unknown, tok?: string) {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          Accept: "application/json",
          ...(body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}),
          ...(tok ? { Token: tok } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new CashRegisterUnavailable(`cash register unreachable: ${(e as Error).message}`);
    }
    const text = await res.text().catch(() => "");
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      if (res.ok) throw new CashRegisterUnavailable(`cash register answered ${res.status} with no JSON`);
    }
    if (res.status >= 500 || res.status === 429)
      throw new CashRegisterUnavailable(`cash register answered ${res.status}`);
    return { status: res.status, json };
  }

  const errorText = (json: Record<string, unknown>) => {
    const e = json.error as { code?: unknown; text?: unknown } | null | undefined;
    return e ? `${String(e.code ?? "")} ${String(e.text ?? "")}`.trim() : "";
  };

  async function newToken(): Promise<string> {
    const { status, json } = await http("POST", "/getToken", {
      login: options.login,
      pass: options.password,
    });
    if (status !== 200 || typeof json.token !== "string")
      throw new CashRegisterUnavailable(`getToken refused (${status}): ${errorText(json)}`);
    return json.token;
  }

  /** Calls with the current token; a 401 (expired token) gets a new one and one more try. */
  async function authed(method: "GET" | "POST", path: string, body?: unknown) {
    for (let attempt = 0; ; attempt++) {
      token ??= newToken();
      let tok: string;
      try {
        tok = await token;
      } catch (e) {
        token = undefined;
        throw e;
      }
      const r = await http(method, path, body, tok);
      if (r.status === 401 && attempt === 0) {
        token = undefined;
        continue;
      }
      return r;
    }
  }

  const group = encodeURIComponent(options.groupCode);
  return {
    name: "atol",
    async register(document) {
      const { status, json } = await authed(
        "POST",
        `/${group}/${document.operation}`,
        atolRequest(document, tz),
      );
      // A repeat of an external id answers with the first registration's uuid (АТОЛ's error 10
      // «чек с таким external_id уже существует» carries it too).
      if (typeof json.uuid === "string" && (status === 200 || status === 409))
        return { providerUuid: json.uuid };
      if (status === 401 || status === 403)
        throw new CashRegisterUnavailable(`${document.operation}: credentials refused (${status})`);
      throw new CashRegisterRejected(`${document.operation} refused (${status}): ${errorText(json)}`);
    },
    async report(providerUuid): Promise<RegistrationReport> {
      const { status, json } = await authed("GET", `/${group}/report/${encodeURIComponent(providerUuid)}`);
      if (status !== 200) throw new CashRegisterUnavailable(`report refused (${status}): ${errorText(json)}`);
      if (json.status === "wait") return { status: "wait" };
      if (json.status === "fail") return { status: "fail", error: errorText(json) || "registration failed" };
      if (json.status === "done") {
        const fiscal = parseAtolPayload(json.payload, tz);
        if (!fiscal) throw new CashRegisterUnavailable("report done without complete fiscal data");
        return { status: "done", fiscal };
      }
      throw new CashRegisterUnavailable(`report with an unknown status ${String(json.status)}`);
    },
  };
}
