// The soak benchmark's traffic: `users` virtual users, each in a loop picking a weighted action
// — portal reads, call pages, statistics, an export, a card payment through the sandbox's hosted
// page — against the API processes in turn. Latencies are kept per route group and handed out
// (and reset) once a minute; any answer that is not 2xx/3xx is an error, with a few samples kept.
import { percentiles } from "./db";

export interface Group {
  name: string;
  n: number;
  p50: number;
  p99: number;
}

interface Options {
  apiUrls: string[];
  accountant: { login: string; password: string };
  admin: { login: string; password: string };
  operatorKey: string;
  webhookUrl: string;
  users: number;
}

const WEIGHTS = [
  ["portal", 45],
  ["calls", 20],
  ["stats", 10],
  ["export", 5],
  ["payment", 20],
] as const;
type Action = (typeof WEIGHTS)[number][0];

/** `YYYY-MM` of a month `back` months before now, in the operator's zone (Moscow). */
function period(back: number) {
  const [y, m] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Moscow",
    year: "numeric",
    month: "2-digit",
  })
    .format(new Date())
    .split("-")
    .map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 7);
}

export class SoakTraffic {
  private latencies = new Map<string, number[]>();
  private errors = 0;
  private errorSamples: string[] = [];
  private running = true;
  private loops: Promise<void>[] = [];
  private tokens = { accountant: "", admin: "" };
  private accountIds: string[] = [];
  private next = 0;
  private billing = "not started";

  private constructor(private readonly o: Options) {}

  static async start(o: Options) {
    const t = new SoakTraffic(o);
    await t.signIn();
    const accounts = (await t.json("portal", "GET", "/v1/accounts?limit=1000", "accountant")) as {
      data: { id: string }[];
    };
    t.accountIds = accounts.data.map((a) => a.id);
    // Every payment.succeeded (and receipt/document events) goes to the local receiver.
    await t.json("setup", "POST", "/v1/webhook-endpoints", "admin", {
      url: o.webhookUrl,
      events: ["payment.succeeded", "payment.failed", "invoice.issued"],
    });
    t.loops = Array.from({ length: o.users }, () => t.loop());
    // Access tokens are short-lived: sign in again well before they expire, as the portal does.
    t.loops.push(t.every(4 * 60_000, () => t.signIn()));
    return t;
  }

  takeMinute() {
    const groups = [...this.latencies].map(([name, ms]) => ({ name, ...percentiles(ms) }));
    const out = { groups, errors: this.errors, errorSamples: this.errorSamples };
    this.latencies = new Map();
    this.errors = 0;
    this.errorSamples = [];
    return out;
  }

  /** Starts the billing run of last month through the operator API and follows it to its end. */
  startBillingRun() {
    const started = performance.now();
    this.billing = "running";
    void (async () => {
      const run = (await this.json("billing", "POST", "/v1/operator/billing/runs", "operator", {
        period: period(1),
      })) as { id: string };
      for (;;) {
        await new Promise((r) => setTimeout(r, 2000));
        const r = (await this.json("billing", "GET", `/v1/operator/billing/runs/${run.id}`, "operator")) as {
          status: string;
          processed_accounts: number;
          total_accounts: number;
        };
        if (r.status !== "running") {
          this.billing = `${r.status}, ${r.processed_accounts}/${r.total_accounts} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s`;
          return;
        }
      }
    })().catch((e) => {
      this.billing = `error: ${(e as Error).message}`;
    });
  }

  billingStatus() {
    return this.billing;
  }

  async stop() {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async every(ms: number, fn: () => Promise<void>) {
    let last = performance.now();
    while (this.running) {
      await new Promise((r) => setTimeout(r, 1000));
      if (performance.now() - last >= ms) {
        last = performance.now();
        await fn().catch((e) => this.error(`sign-in: ${(e as Error).message}`));
      }
    }
  }

  private async signIn() {
    for (const who of ["accountant", "admin"] as const) {
      const u = this.o[who];
      const res = (await this.json("sign-in", "POST", "/v1/auth/sign-in", "none", {
        login: u.login,
        password: u.password,
      })) as { access_token: string };
      this.tokens[who] = res.access_token;
    }
  }

  private pick(): Action {
    let r = Math.random() * 100;
    for (const [a, w] of WEIGHTS) {
      r -= w;
      if (r < 0) return a;
    }
    return "portal";
  }

  private account() {
    return this.accountIds[Math.floor(Math.random() * this.accountIds.length)]!;
  }

  private async loop() {
    while (this.running) {
      const action = this.pick();
      try {
        await this.act(action);
      } catch (e) {
        this.error(`${action}: ${(e as Error).message}`);
      }
    }
  }

  private async act(action: Action) {
    const p = period(Math.floor(Math.random() * 3));
    switch (action) {
      case "portal": {
        const reads = [
          "/v1/accounts?limit=50",
          `/v1/balance?period=${period(0)}`,
          "/v1/invoices?status=issued&limit=100",
          "/v1/notifications?unread=true&limit=20",
          "/v1/documents?limit=5",
          "/v1/accounts?balance_below=0&sort=balance&limit=10",
        ];
        await this.json("portal", "GET", reads[Math.floor(Math.random() * reads.length)]!, "accountant");
        return;
      }
      case "calls": {
        const page = (await this.json("calls", "GET", `/v1/calls?period=${p}&limit=100`, "accountant")) as {
          next_cursor: string | null;
        };
        if (page.next_cursor)
          await this.json(
            "calls",
            "GET",
            `/v1/calls?period=${p}&limit=100&cursor=${encodeURIComponent(page.next_cursor)}`,
            "accountant",
          );
        return;
      }
      case "stats":
        await this.json("stats", "GET", `/v1/calls/stats?by=day&period=${p}`, "accountant");
        return;
      case "export":
        await this.send(
          "export",
          "GET",
          `/v1/calls/export?period=${p}&account_id=${this.account()}`,
          "accountant",
        );
        return;
      case "payment": {
        const i = this.next++;
        const created = (await this.json(
          "payment",
          "POST",
          "/v1/payments",
          "accountant",
          {
            items: [{ account_id: this.account(), amount: 100_00 }],
            method: "card",
          },
          `soak-${process.pid}-${i}`,
        )) as { confirmation_url: string };
        const t0 = performance.now();
        const page = await fetch(created.confirmation_url, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            card_number: "4242424242424242",
            expiry: "12/30",
            cvc: "123",
            holder: "SOAK",
          }),
        });
        await page.arrayBuffer();
        if (page.status >= 400) throw new Error(`hosted page answered ${page.status}`);
        this.record("acquirer page", performance.now() - t0);
        return;
      }
    }
  }

  private async json(group: string, method: string, path: string, who: Who, body?: unknown, key?: string) {
    const res = await this.send(group, method, path, who, body, key);
    return JSON.parse(res) as unknown;
  }

  /** One request to the next API process; its latency goes to `group`. Throws on 4xx/5xx. */
  private async send(group: string, method: string, path: string, who: Who, body?: unknown, key?: string) {
    const base = this.o.apiUrls[this.next++ % this.o.apiUrls.length]!;
    const headers: Record<string, string> = { "accept-language": "ru" };
    if (who === "operator") headers["x-operator-key"] = this.o.operatorKey;
    else if (who !== "none") headers.authorization = `Bearer ${this.tokens[who]}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method === "POST") headers["idempotency-key"] = key ?? `soak-${crypto.randomUUID()}`;
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400)
      throw new Error(`${method} ${path.split("?")[0]} → ${res.status} ${text.slice(0, 160)}`);
    this.record(group, performance.now() - t0);
    return text;
  }

  private record(group: string, ms: number) {
    const list = this.latencies.get(group) ?? [];
    if (list.length === 0) this.latencies.set(group, list);
    list.push(ms);
  }

  private error(message: string) {
    this.errors++;
    if (this.errorSamples.length < 5) this.errorSamples.push(message);
  }
}

type Who = "accountant" | "admin" | "operator" | "none";
