/**
 * The SDK against the running API: the real app (real database) served over real HTTP by
 * @hono/node-server on an ephemeral port, optionally behind a tiny TCP proxy that misbehaves the way
 * networks do. Nothing of ours is mocked.
 *
 * - every SDK method once, against its real route;
 * - pagination over thousands of rows;
 * - an idempotent POST (a transfer) replayed after the connection dropped with the response unsent;
 * - 429 with Retry-After honoured (the sign-in lockout);
 * - the deadline stops retries in time.
 * Relative imports: the SDK must not depend on the server's packages, even as devDependencies.
 */
import { once } from "node:events";
import { type AddressInfo, createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { serve } from "@hono/node-server";
import { accounts as accountsTable, users as usersTable } from "@lk/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../apps/api/test/helpers";
import { postBonus } from "../../core/src/bonuses/journal";
import { postLedger } from "../../core/src/ledger/post";
import { makeCompany, randomAccountNumber, type TestCompany } from "../../core/src/testing/fixtures";
import {
  ConnectionError,
  createClient,
  type LkClient,
  LkError,
  RateLimitError,
  signWebhook,
  TimeoutError,
  type TransportOptions,
} from "../src/index";

/** Real time plus an offset the test may move: Retry-After waits happen in real time. */
const clock = Object.assign(() => new Date(Date.now() + offset), {
  advance: (ms: number) => {
    offset += ms;
  },
  set: (d: Date) => {
    offset = d.getTime() - Date.now();
  },
});
let offset = 0;

let t: TestApp;
let co: TestCompany;
let api: string;
let server: ReturnType<typeof serve>;
let proxy: Proxy;

/** A TCP proxy in front of the API. `mode`: pass, drop the next response to a matching request, or black-hole. */
interface Proxy {
  url: string;
  mode: { kind: "pass" } | { kind: "drop-response"; match: string } | { kind: "hang" };
  dropped: number;
  close(): Promise<void>;
}

async function startProxy(target: number): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const p: Proxy = { url: "", mode: { kind: "pass" }, dropped: 0, close: async () => {} };
  const srv: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    if (p.mode.kind === "hang") return; // accept, read nothing, answer nothing
    const upstream = tcpConnect(target, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    let dropThis = false;
    client.on("data", (chunk: Buffer) => {
      const mode = p.mode;
      if (mode.kind === "hang") return; // even on a kept-alive connection: swallow the request
      if (mode.kind === "drop-response" && chunk.toString("latin1").startsWith(mode.match)) {
        dropThis = true;
        p.mode = { kind: "pass" };
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (dropThis) {
        // The server has done the work and answered; the client never hears it.
        p.dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
  });
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  p.url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  p.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
  };
  return p;
}

const client = (o: TransportOptions = {}) =>
  createClient({ baseUrl: api, retry: { baseDelayMs: 20, maxDelayMs: 100 }, ...o });

async function signedIn(login = co.admin.login, o: TransportOptions = {}): Promise<LkClient> {
  const lk = client(o);
  await lk.auth.signIn({ login, password: co.admin.password });
  return lk;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  co = await makeCompany(t.conn, { accountsPerGroup: 2 });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      api = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  t.config.core.publicUrl = api;
  proxy = await startProxy(Number(new URL(api).port));
});
afterAll(async () => {
  await proxy?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await t?.close();
});

const fund = (accountId: string, amount: number) =>
  t.conn.db.transaction((tx) =>
    postLedger(tx, [{ accountId, kind: "adjustment", amount, description: "test funds" }], { now: clock() }),
  );

describe("every SDK method against its real route", () => {
  it("calls each method once: a typed result, or the route's own typed 4xx", async () => {
    const lk = await signedIn();
    const called = new Set<string>();
    const answered4xx: string[] = [];
    /** Runs one method; a 4xx from the real route is fine (state we can't make here), anything else fails. */
    async function run<T>(name: string, p: Promise<T> | { toArray(o?: { max?: number }): Promise<T> }) {
      called.add(name);
      try {
        return await ("toArray" in p ? p.toArray({ max: 5 }) : p);
      } catch (e) {
        if (!(e instanceof LkError) || !e.status || e.status >= 500 || e.code === "route_not_found") throw e;
        answered4xx.push(`${name}: ${e.status} ${e.code}`);
        return undefined;
      }
    }
    const [a0, a1, a2] = co.accounts;
    await fund(a0!.id, 10_000_00);
    await t.conn.db.transaction((tx) =>
      postBonus(tx, { companyId: co.id, kind: "adjustment", amount: 500_00, description: "t", now: clock() }),
    );

    // auth
    const session = await run(
      "auth.signIn",
      lk.auth.signIn({ login: co.admin.login, password: co.admin.password }),
    );
    expect(session?.token_type).toBe("Bearer");
    expect((await run("auth.me", lk.auth.me()))?.login).toBe(co.admin.login);
    expect(await run("auth.refresh", lk.auth.refresh(session!.refresh_token))).toHaveProperty("access_token");
    await run("auth.forgotPassword", lk.auth.forgotPassword({ login: co.viewer.login }));
    await run(
      "auth.resetPassword",
      lk.auth.resetPassword({ login: co.viewer.login, code: "000000", new_password: "Another-Horse-43" }),
    );
    const acc = await signedIn(co.accountant.login);
    await run(
      "auth.changePassword",
      acc.auth.changePassword({ current_password: co.admin.password, new_password: "Another-Horse-43!" }),
    );
    await run("auth.signOut", acc.auth.signOut());
    const other = await signedIn(co.viewer.login);
    await run("auth.signOutAll", other.auth.signOutAll());

    // accounts, balance, groups
    const accs = await run("accounts.list", lk.accounts.list({ limit: 2 }));
    expect(accs?.length).toBe(5);
    expect((await run("accounts.get", lk.accounts.get(a0!.id)))?.id).toBe(a0!.id);
    await run(
      "balance.get",
      lk.balance.get({ account_id: a0!.id, period: clock().toISOString().slice(0, 7) }),
    );
    const byGroup = await run("balance.chargesByGroup", lk.balance.chargesByGroup({ months: 3 }));
    expect(byGroup?.periods).toHaveLength(3);
    const group = await run("groups.create", lk.groups.create({ name: "SDK", cost_center: "CC-1" }));
    await run("groups.list", lk.groups.list());
    await run("groups.update", lk.groups.update(group!.id, { name: "SDK 2" }));
    await run("accounts.move", lk.accounts.move({ account_ids: [a2!.id], group_id: group!.id }));
    await run("accounts.move", lk.accounts.move({ account_ids: [a2!.id], group_id: co.groups[0]!.id }));
    await run("groups.delete", lk.groups.delete(group!.id));
    const challenge = await run(
      "accounts.link",
      lk.accounts.link({ account_number: randomAccountNumber(), region: "77" }),
    );
    await run(
      "accounts.confirmLink",
      lk.accounts.confirmLink((challenge as { id?: string } | undefined)?.id ?? crypto.randomUUID(), {
        code: "000000",
      }),
    );
    await run("accounts.promisedPayment", lk.accounts.promisedPayment(a1!.id));
    await run("accounts.takePromisedPayment", lk.accounts.takePromisedPayment(a1!.id, { amount: 100_00 }));

    // users
    const invited = await run(
      "users.invite",
      lk.users.invite({
        full_name: "Новый Бухгалтер",
        email: `sdk-${Date.now()}@example.test`,
        role: "viewer",
      }),
    );
    const userId = invited as { user?: { id: string }; id?: string } | undefined;
    const uid = userId?.user?.id ?? userId?.id ?? co.viewer.id;
    await run("users.list", lk.users.list());
    await run("users.update", lk.users.update(uid, { full_name: "Переименован" }));
    await run("users.setGroups", lk.users.setGroups(uid, { group_ids: [co.groups[0]!.id] }));
    await run("users.block", lk.users.block(uid));
    await run("users.unblock", lk.users.unblock(uid));
    await run("users.resetPassword", lk.users.resetPassword(uid));

    // calls, traffic
    const period = clock().toISOString().slice(0, 7);
    await run("calls.list", lk.calls.list({ account_id: a0!.id }));
    await run("calls.summary", lk.calls.summary({ account_id: a0!.id, period }));
    await run("calls.stats", lk.calls.stats({ account_id: a0!.id, period, by: "day" }));
    const csv = await run("calls.export", lk.calls.export({ account_id: a0!.id, period, format: "csv" }));
    if (csv) await new Response(csv.stream).text();
    await run("traffic.get", lk.traffic.get({ account_id: a0!.id, period }));

    // documents, invoices
    const docs = await run("documents.list", lk.documents.list());
    const pdf = await run(
      "documents.pdf",
      lk.documents.pdf((docs as { id: string }[] | undefined)?.[0]?.id ?? crypto.randomUUID()),
    );
    if (pdf) await pdf.stream.cancel();
    const qr = await run(
      "documents.qrSvg",
      lk.documents.qrSvg((docs as { id: string }[] | undefined)?.[0]?.id ?? crypto.randomUUID()),
    );
    if (qr) await qr.stream.cancel();
    await run("auditLog.list", lk.auditLog.list());
    // No bank transfer has left money unallocated here: the balance is 0 and distributing is a 409.
    expect((await run("unallocated.get", lk.unallocated.get()))?.balance).toBe(0);
    await run(
      "unallocated.distribute",
      lk.unallocated.distribute({ targets: [{ account_id: a0!.id, amount: 100 }] }),
    );
    const zip = await run("documents.archive", lk.documents.archive({ period }));
    if (zip) await zip.stream.cancel();
    await run(
      "documents.paymentInvoice",
      lk.documents.paymentInvoice({ account_ids: [a0!.id], amounts: [1000_00] }),
    );
    const from = `${period}-01`;
    const to = clock().toISOString().slice(0, 10);
    await run("documents.reconciliation", lk.documents.reconciliation({ from, to }));
    const rec = await run("documents.reconciliationPdf", lk.documents.reconciliationPdf({ from, to }));
    if (rec) await rec.stream.cancel();
    await run("documents.setRecipients", lk.documents.setRecipients({ emails: ["buh@example.test"] }));
    expect((await run("documents.recipients", lk.documents.recipients()))?.emails).toEqual([
      "buh@example.test",
    ]);
    const invs = await run("invoices.list", lk.invoices.list());
    const invId = (invs as { id: string }[] | undefined)?.[0]?.id ?? crypto.randomUUID();
    await run("invoices.get", lk.invoices.get(invId));
    const ipdf = await run("invoices.pdf", lk.invoices.pdf(invId));
    if (ipdf) await ipdf.stream.cancel();

    // money: payments (paid by bonuses: no acquirer needed), transfers, autopay, saved cards, bonuses
    const pay = await run(
      "payments.create",
      lk.payments.create({
        items: [{ account_id: a1!.id, amount: 100_00 }],
        method: "card",
        use_bonus: 100_00,
      }),
    );
    const payId = pay?.id ?? crypto.randomUUID();
    await run("payments.get", lk.payments.get(payId));
    await run("payments.list", lk.payments.list());
    const receipt = await run("payments.receipt", lk.payments.receipt(payId));
    if (receipt) await receipt.stream.cancel();
    const receiptPdf = await run("payments.receiptPdf", lk.payments.receiptPdf(payId));
    if (receiptPdf) await receiptPdf.stream.cancel();
    await run(
      "payments.sendReceipt",
      lk.payments.sendReceipt(payId, { email: "buh@example.test", phone: "+79161234567" }),
    );
    await run("payments.refund", lk.payments.refund(payId, { amount: 10_00 }));
    await run("payments.cancel", lk.payments.cancel(payId));
    const tr = await run(
      "transfers.create",
      lk.transfers.create({ from_account_id: a0!.id, targets: [{ account_id: a1!.id, amount: 50_00 }] }),
    );
    expect(tr).toBeDefined();
    await run("transfers.list", lk.transfers.list());
    const cards = await run("savedCards.list", lk.savedCards.list());
    const cardId = (cards as { id: string }[] | undefined)?.[0]?.id ?? crypto.randomUUID();
    const rule = await run(
      "autopayRules.create",
      lk.autopayRules.create({
        account_id: a0!.id,
        kind: "threshold",
        threshold: 100_00,
        amount: 500_00,
        saved_card_id: cardId,
        monthly_limit: 5000_00,
      }),
    );
    const ruleId = (rule as { id?: string } | undefined)?.id ?? crypto.randomUUID();
    await run("autopayRules.list", lk.autopayRules.list());
    await run("autopayRules.get", lk.autopayRules.get(ruleId));
    await run("autopayRules.update", lk.autopayRules.update(ruleId, { enabled: false }));
    await run("autopayRules.delete", lk.autopayRules.delete(ruleId));
    await run("bonuses.get", lk.bonuses.get());
    await run("bonuses.entries", lk.bonuses.entries());

    // catalogue and orders
    const services = await run("services.list", lk.services.list());
    const svcId = (services as { id: string }[] | undefined)?.[0]?.id ?? crypto.randomUUID();
    await run("services.get", lk.services.get(svcId));
    await run("tariffs.list", lk.tariffs.list());
    const order = await run(
      "orders.create",
      lk.orders.create({ kind: "suspend", account_id: a2!.id, comment: "SDK" }),
    );
    const orderId = (order as { id?: string } | undefined)?.id ?? crypto.randomUUID();
    await run("orders.list", lk.orders.list());
    await run("orders.get", lk.orders.get(orderId));
    await run("orders.cancel", lk.orders.cancel(orderId));

    // support (a file attached through FormData)
    const form = new FormData();
    form.set("subject", "Вопрос");
    form.set("text", "Счёт за январь");
    form.set("files", new Blob(["%PDF-1.4 test"], { type: "application/pdf" }), "scan.pdf");
    const ticket = await run("support.create", lk.support.create(form));
    const ticketId = (ticket as { id?: string } | undefined)?.id ?? crypto.randomUUID();
    await run("support.list", lk.support.list());
    const detail = (await run("support.get", lk.support.get(ticketId))) as
      | { messages?: { attachments?: { id: string }[] }[] }
      | undefined;
    const attId = detail?.messages?.flatMap((m) => m.attachments ?? [])[0]?.id ?? crypto.randomUUID();
    const att = await run("support.attachment", lk.support.attachment(ticketId, attId));
    if (att) await att.stream.cancel();
    await run("support.reply", lk.support.reply(ticketId, { text: "Ещё вопрос" }));
    await run("support.close", lk.support.close(ticketId));

    // notifications
    await run("notifications.list", lk.notifications.list());
    await run("notifications.markRead", lk.notifications.markRead({}));
    const prefs = await run("notifications.preferences", lk.notifications.preferences());
    await run(
      "notifications.setPreferences",
      lk.notifications.setPreferences({
        preferences: (prefs?.data ?? [])
          .slice(0, 1)
          .map((p) => ({ kind: p.kind, in_app: p.in_app, email: !p.email })),
      }),
    );

    // applications (no session)
    const submitted = await run(
      "applications.submit",
      client().applications.submit({
        company_name: "ООО «Заявка»",
        inn: "7707083893",
        legal_address: "г. Москва",
        contact_name: "Иван",
        contact_email: "ivan@example.test",
        contact_phone: "+79990000000",
        billing_system: "advance",
      }),
    );
    await run(
      "applications.status",
      client().applications.status({ token: submitted?.status_token ?? "no-such-token-0000" }),
    );
    // 404 here: the test mailbox answers only on a server started with --demo.
    await run("demo.outbox", client().demo.outbox());
    await run("savedCards.remove", lk.savedCards.remove(cardId));

    // API keys
    const key = await run(
      "apiKeys.create",
      lk.apiKeys.create({ name: "ERP", scopes: ["accounts:read"], mode: "test" }),
    );
    await run("apiKeys.list", lk.apiKeys.list());
    await run("apiKeys.revoke", lk.apiKeys.revoke(key!.id));

    // webhook endpoints, and a signature checked by webhooks.verify
    const ep = await run(
      "webhookEndpoints.create",
      lk.webhookEndpoints.create({ url: "https://erp.example.test/hooks", events: ["payment.succeeded"] }),
    );
    const epId = (ep as { id?: string } | undefined)?.id ?? crypto.randomUUID();
    await run("webhookEndpoints.list", lk.webhookEndpoints.list());
    await run("webhookEndpoints.get", lk.webhookEndpoints.get(epId));
    await run("webhookEndpoints.update", lk.webhookEndpoints.update(epId, { description: "ERP" }));
    const rotated = await run("webhookEndpoints.rotateSecret", lk.webhookEndpoints.rotateSecret(epId));
    const delivery = await run("webhookEndpoints.test", lk.webhookEndpoints.test(epId));
    await run("webhookEndpoints.deliveries", lk.webhookEndpoints.deliveries(epId));
    await run(
      "webhookEndpoints.resendDelivery",
      lk.webhookEndpoints.resendDelivery(
        (delivery as { id?: string } | undefined)?.id ?? crypto.randomUUID(),
      ),
    );
    await run("webhookEndpoints.delete", lk.webhookEndpoints.delete(epId));
    const secret =
      (rotated as { secret?: string } | undefined)?.secret ?? "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=";
    called.add("webhooks.verify");
    const body = JSON.stringify({ type: "payment.succeeded", data: { id: payId } });
    expect(await lk.webhooks.verify(body, await signWebhook(body, secret), secret)).toMatchObject({
      type: "payment.succeeded",
    });

    // Every method of the client was called.
    const all = Object.entries(lk).flatMap(([r, res]) =>
      r === "transport" ? [] : Object.keys(res as object).map((m) => `${r}.${m}`),
    );
    expect(all.filter((m) => !called.has(m))).toEqual([]);
    console.info(
      `${called.size} methods called; answered with a 4xx by their route:\n  ${answered4xx.join("\n  ")}`,
    );
  }, 60_000);
});

describe("pagination", () => {
  it("walks thousands of rows with the server's cursors", async () => {
    const big = await makeCompany(t.conn, { accountsPerGroup: 0 });
    const N = 2_500;
    const now = clock();
    for (let i = 0; i < N; i += 500) {
      await t.conn.db.insert(accountsTable).values(
        Array.from({ length: Math.min(500, N - i) }, () => ({
          companyId: big.id,
          number: randomAccountNumber(),
          region: "77",
          groupId: big.groups[0]!.id,
          createdAt: now,
        })),
      );
    }
    const lk = client();
    await lk.auth.signIn({ login: big.admin.login, password: big.admin.password });
    const seen = new Set<string>();
    let pages = 0;
    for await (const page of lk.accounts.list({ limit: 1000 }).pages()) {
      pages++;
      for (const a of page.data) seen.add(a.id);
    }
    expect(seen.size).toBe(N);
    expect(pages).toBe(3);
    expect(await lk.accounts.list({ limit: 300 }).toArray({ max: 700 })).toHaveLength(700);
  }, 60_000);
});

describe("retries against the real server", () => {
  it("replays an idempotent POST after the connection dropped: one transfer, money moved once", async () => {
    const [src, dst] = co.accounts.slice(3, 5);
    await fund(src!.id, 1_000_00);
    const balance = async (id: string) =>
      (
        await t.conn.db
          .select({ b: accountsTable.balance })
          .from(accountsTable)
          .where(eq(accountsTable.id, id))
      )[0]!.b;
    const before = [Number(await balance(src!.id)), Number(await balance(dst!.id))];
    const seen: string[] = [];
    const traced = client({
      baseUrl: proxy.url,
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get("idempotency-key") ?? "");
        return fetch(input, init);
      },
    });
    await traced.auth.signIn({ login: co.admin.login, password: co.admin.password });
    seen.length = 0;
    proxy.mode = { kind: "drop-response", match: "POST /v1/transfers" };
    const transfer = await traced.transfers.create({
      from_account_id: src!.id,
      targets: [{ account_id: dst!.id, amount: 300_00 }],
    });
    expect(proxy.dropped).toBe(1);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]).toBe(seen[0]); // the same key on the retry: the server replayed, not repeated
    expect([Number(await balance(src!.id)), Number(await balance(dst!.id))]).toEqual([
      before[0]! - 300_00,
      before[1]! + 300_00,
    ]);
    const list = await traced.transfers.list().toArray();
    // Exactly one transfer from this account, and it is the one the SDK returned.
    expect(list.filter((x) => x.from_account_id === src!.id).map((x) => x.id)).toEqual([transfer.id]);
  });

  it("honours Retry-After of a 429 (sign-in lockout), then succeeds", async () => {
    const user = co.viewer;
    const lk = client({ maxRetries: 0 });
    for (let i = 0; i < 5; i++)
      await lk.auth.signIn({ login: user.login, password: "wrong-password" }).catch(() => undefined);
    const [row] = await t.conn.db
      .select({ until: usersTable.lockedUntil })
      .from(usersTable)
      .where(eq(usersTable.id, user.id));
    expect(row?.until).toBeTruthy();
    // Locked for 15 minutes: with the deadline shorter than the wait the SDK fails at once.
    const t0 = Date.now();
    const early = await client({ deadlineMs: 5_000 })
      .auth.signIn({ login: user.login, password: user.password })
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(RateLimitError);
    expect((early as RateLimitError).retryAfter).toBeGreaterThan(800);
    expect(Date.now() - t0).toBeLessThan(1_000);
    // 0.4 s before the lock ends the server says Retry-After: 1; the SDK waits it out and gets in.
    clock.set(new Date(row!.until!.getTime() - 400));
    const attempts: number[] = [];
    const patient = client({
      retry: { baseDelayMs: 1, maxDelayMs: 1 }, // backoff alone would retry far too early
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        attempts.push(res.status);
        return res;
      },
    });
    const t1 = Date.now();
    const session = await patient.auth.signIn({ login: user.login, password: user.password });
    const waited = Date.now() - t1;
    offset = 0;
    expect(session.access_token).toBeTruthy();
    expect(attempts).toEqual([429, 200]);
    expect(waited).toBeGreaterThanOrEqual(1_000);
    expect(waited).toBeLessThan(3_000);
  });

  it("stops retrying at the deadline: an API that never answers, and one that hangs up", async () => {
    const lk = await signedIn(co.admin.login, { baseUrl: proxy.url });
    proxy.mode = { kind: "hang" };
    let t0 = Date.now();
    const hung = await lk.accounts
      .get(co.accounts[0]!.id, { timeoutMs: 200, deadlineMs: 700, maxRetries: 100 })
      .catch((e: unknown) => e);
    let took = Date.now() - t0;
    expect(hung).toBeInstanceOf(TimeoutError);
    expect(took).toBeGreaterThanOrEqual(600);
    expect(took).toBeLessThan(1_200);
    // A server that is gone: refused connections, retried with backoff until the deadline.
    const gone = client({ baseUrl: "http://127.0.0.1:9", retry: { baseDelayMs: 100, maxDelayMs: 200 } });
    t0 = Date.now();
    const refused = await gone.auth.me({ deadlineMs: 800, maxRetries: 100 }).catch((e: unknown) => e);
    took = Date.now() - t0;
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(took).toBeLessThan(1_300);
    proxy.mode = { kind: "pass" };
  });
});
