import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { FiscalDrive } from "./fiscal";
import { validateReceipt } from "./validate";

export interface CashRegisterSandboxOptions {
  /** login → password accepted by getToken. */
  logins: Record<string, string>;
  /** How long registering a receipt takes (asynchronous, as in a real register); default 500 ms. */
  delayMs?: number;
  /** The register's clock (the receipt's date and time); tests pass theirs. */
  now?: () => Date;
  /** A token is valid this long (АТОЛ: 24 h). */
  tokenTtlMs?: number;
  /** The register's local zone, in which it writes dates (as the product's LK_TIME_ZONE); Moscow by default. */
  timeZone?: string;
}

/** How the register misbehaves: answers 503, or holds requests without answering (a timeout). */
export type DownMode = false | "503" | "timeout";

export interface ReceivedReceipt {
  uuid: string;
  group: string;
  operation: "sell" | "sell_refund";
  externalId: string;
  /** The request body as received (АТОЛ v5 JSON). */
  body: Record<string, unknown>;
  status: "wait" | "done" | "fail";
  error: string | null;
  payload: Record<string, unknown> | null;
}

export interface CashRegisterControls {
  setDown(mode: DownMode): void;
  setDelay(ms: number): void;
  /** The next `n` receipts received end in `fail` with this text (the register's own refusal). */
  failNext(n: number, text?: string): void;
  /** Every distinct receipt received, in order (a repeat of an external id is not a new one). */
  receipts(): ReceivedReceipt[];
  /** Requests answered (or refused) per kind: how many calls the product made. */
  counts(): { getToken: number; register: number; duplicates: number; report: number; refused503: number };
  /** Resolves when no registration is in progress. */
  idle(): Promise<void>;
  close(): void;
}

const err = (code: number, text: string, type = "system") => ({ error: { code, text, type } });

/**
 * A cloud cash register that answers like АТОЛ Онлайн v5: getToken, sell / sell_refund accepted by
 * external id (a repeat answers with the first uuid), registered asynchronously after `delayMs`,
 * then report/{uuid} gives the fiscal data or the error. Test switches: down (503 or no answer),
 * delay, fail the next receipts. Control endpoints under /sandbox/ for a person trying the demo.
 */
export function createCashRegisterApp(options: CashRegisterSandboxOptions) {
  const now = options.now ?? (() => new Date());
  const tokenTtl = options.tokenTtlMs ?? 24 * 3_600_000;
  let delayMs = options.delayMs ?? 500;
  let down: DownMode = false;
  let failLeft = 0;
  let failText = "Ошибка ФН: тестовый отказ";
  const drive = new FiscalDrive(undefined, undefined, undefined, options.timeZone);
  const tokens = new Map<string, number>();
  const byUuid = new Map<string, ReceivedReceipt>();
  const byExternal = new Map<string, ReceivedReceipt>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const hanging = new Set<() => void>();
  const waiters: (() => void)[] = [];
  const counts = { getToken: 0, register: 0, duplicates: 0, report: 0, refused503: 0 };
  const ts = () => new Date().toISOString();

  const settle = () => {
    if (timers.size === 0) for (const w of waiters.splice(0)) w();
  };

  const app = new Hono();
  app.use("/possystem/*", async (c, next) => {
    if (down === "503") {
      counts.refused503++;
      return c.json(err(503, "Сервис временно недоступен"), 503);
    }
    if (down === "timeout")
      // Never answered while down: the client's timeout ends it; closing the sandbox releases it.
      return new Promise<Response>((resolve) => {
        const release = () => resolve(c.json(err(503, "Сервис временно недоступен"), 503));
        hanging.add(release);
      });
    return next();
  });

  app.post("/possystem/v5/getToken", async (c) => {
    counts.getToken++;
    const body = (await c.req.json().catch(() => ({}))) as { login?: unknown; pass?: unknown };
    const login = typeof body.login === "string" ? body.login : "";
    if (!login || options.logins[login] === undefined || options.logins[login] !== body.pass)
      return c.json(err(12, "Неверный логин или пароль"), 401);
    const token = randomUUID().replaceAll("-", "");
    tokens.set(token, Date.now() + tokenTtl);
    return c.json({ error: null, token, timestamp: ts() });
  });

  const authorized = (token: string | undefined) => {
    const until = token ? tokens.get(token) : undefined;
    return until !== undefined && until > Date.now();
  };

  app.post("/possystem/v5/:group/:operation{sell_refund|sell}", async (c) => {
    if (!authorized(c.req.header("Token"))) return c.json(err(11, "Токен не действителен или истёк"), 401);
    const group = c.req.param("group");
    const operation = c.req.param("operation") as "sell" | "sell_refund";
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const problem = validateReceipt(body);
    if (problem || !body) return c.json(err(32, `Ошибка валидации: ${problem}`, "system"), 400);
    const externalId = body.external_id as string;
    const key = `${group}|${externalId}`;
    const seen = byExternal.get(key);
    if (seen) {
      counts.duplicates++;
      return c.json({
        uuid: seen.uuid,
        status: seen.status,
        error: err(10, `В системе существует чек с external_id : ${externalId}`).error,
        timestamp: ts(),
      });
    }
    counts.register++;
    const r: ReceivedReceipt = {
      uuid: randomUUID(),
      group,
      operation,
      externalId,
      body,
      status: "wait",
      error: null,
      payload: null,
    };
    byUuid.set(r.uuid, r);
    byExternal.set(key, r);
    const fail = failLeft > 0;
    if (fail) failLeft--;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (fail) {
        r.status = "fail";
        r.error = failText;
      } else {
        const total = Number((body.receipt as { total: number }).total);
        r.payload = drive.register(total, now());
        r.status = "done";
      }
      settle();
    }, delayMs);
    timers.add(timer);
    return c.json({ uuid: r.uuid, status: "wait", error: null, timestamp: ts() });
  });

  app.get("/possystem/v5/:group/report/:uuid", (c) => {
    counts.report++;
    if (!authorized(c.req.header("Token"))) return c.json(err(11, "Токен не действителен или истёк"), 401);
    const r = byUuid.get(c.req.param("uuid"));
    if (!r || r.group !== c.req.param("group")) return c.json(err(34, "Документ не найден"), 404);
    return c.json({
      uuid: r.uuid,
      status: r.status,
      error: r.error ? err(1, r.error, "driver").error : null,
      payload: r.payload,
      timestamp: ts(),
      group_code: r.group,
      daemon_code: "sandbox",
      device_code: "SANDBOX-1",
      external_id: r.externalId,
      callback_url: "",
    });
  });

  // For a person trying the demo: GET shows the switches, POST changes them.
  app.get("/sandbox/mode", (c) => c.json({ down, delay_ms: delayMs, fail_next: failLeft }));
  app.post("/sandbox/mode", async (c) => {
    const b = (await c.req.json().catch(() => ({}))) as {
      down?: unknown;
      delay_ms?: unknown;
      fail_next?: unknown;
    };
    if (b.down === false || b.down === "503" || b.down === "timeout") controls.setDown(b.down);
    if (typeof b.delay_ms === "number" && b.delay_ms >= 0) delayMs = b.delay_ms;
    if (typeof b.fail_next === "number" && b.fail_next >= 0) failLeft = b.fail_next;
    return c.json({ down, delay_ms: delayMs, fail_next: failLeft });
  });

  const controls: CashRegisterControls = {
    setDown(mode) {
      down = mode;
      if (!mode) for (const release of hanging) release();
      if (!mode) hanging.clear();
    },
    setDelay(ms) {
      delayMs = ms;
    },
    failNext(n, text) {
      failLeft = n;
      if (text) failText = text;
    },
    receipts: () => [...byUuid.values()],
    counts: () => ({ ...counts }),
    idle: () =>
      timers.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const release of hanging) release();
      hanging.clear();
      settle();
    },
  };
  return Object.assign(app, { cashRegister: controls });
}
export type CashRegisterApp = ReturnType<typeof createCashRegisterApp>;
