import { DEFAULT_LOW_BALANCE_THRESHOLD } from "@lk/core";
import {
  makeCompany,
  restrictUser,
  setBalance as setBalanceTo,
  TEST_PASSWORD,
  type TestCompany,
} from "@lk/core/testing";
import { accounts, notifications, outboxMessages, users, webhookDeliveries } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultJobs } from "../src/jobs/jobs";
import { call, createTestApp, signIn, type TestApp, testClock } from "./helpers";

// The low-balance notices, driven the way the product runs them: the API's own
// `low-balance-notices` job (apps/api/src/jobs) on a clock the test moves. An account is low when
// its balance is below its min_balance + DEFAULT_LOW_BALANCE_THRESHOLD; the users who can see it
// are told once per episode (from the moment it falls below until it is back above), in the app
// and by e-mail as each one's preferences say, with one `balance.low` webhook event.

const T = DEFAULT_LOW_BALANCE_THRESHOLD;
let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let blockedId: string;

const at = (iso: string) => t.clock.set(new Date(iso));
const runJob = () =>
  defaultJobs(t.app.deps)
    .find((j) => j.name === "low-balance-notices")!
    .run() as Promise<{ sent: number }>;

/** Moves the account's balance to `target` through the ledger. */
const setBalance = (id: string, target: number) => setBalanceTo(t.conn.db, id, target, t.clock(), "payment");

/** The low-balance notices of one user (in-app or not), by account id. */
const noticesOf = async (userId: string) =>
  (
    await t.conn.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, "low_balance")))
  ).map((n) => ({ account: (n.data as { account_id: string }).account_id, inApp: n.inApp }));
const mailsTo = async (email: string) =>
  t.conn.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.recipient, email), eq(outboxMessages.kind, "notice_low_balance")));
const lowEvents = async (companyId: string) =>
  t.conn.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.companyId, companyId), eq(webhookDeliveries.eventType, "balance.low")));
const sorted = (xs: string[]) => [...xs].sort();
const email = (login: string) => `${login}@example.test`;

beforeAll(async () => {
  t = await createTestApp({ clock: testClock(new Date("2026-03-10T09:00:00Z")) });
  co = await makeCompany(t.conn, { accountsPerGroup: 2 });
  other = await makeCompany(t.conn, { accountsPerGroup: 1 });
  // [0], [1] in Москва; [2], [3] in Регионы; [4], [5] in its subgroup Казань.
  const a = co.accounts;
  await setBalance(a[0]!.id, T - 1); // low
  await setBalance(a[1]!.id, T); // exactly at the threshold: not low
  await t.conn.db.update(accounts).set({ minBalance: -1000_00 }).where(eq(accounts.id, a[2]!.id));
  await setBalance(a[2]!.id, -1000_00 + T - 1); // low above a credit limit
  await t.conn.db.update(accounts).set({ minBalance: -1000_00 }).where(eq(accounts.id, a[3]!.id));
  await setBalance(a[3]!.id, -1000_00 + T); // in debt but not low for its limit
  await setBalance(a[4]!.id, -100_00);
  await t.conn.db.update(accounts).set({ status: "closed" }).where(eq(accounts.id, a[4]!.id)); // closed: never
  await setBalance(a[5]!.id, 1000_00);
  // The other company's accounts stay at 0: low, for its own users only.

  // Who is told: the admin wants no e-mail, the accountant no in-app notice, the viewer sees only
  // Москва, and a blocked user is told nothing.
  const prefs = async (login: string, p: { in_app: boolean; email: boolean }) => {
    const res = await call(
      t.app,
      "PUT",
      "/v1/notification-preferences",
      { preferences: [{ kind: "low_balance", ...p }] },
      { token: await signIn(t.app, login, TEST_PASSWORD) },
    );
    expect(res.status).toBe(200);
  };
  await prefs(co.admin.login, { in_app: true, email: false });
  await prefs(co.accountant.login, { in_app: false, email: true });
  await restrictUser(t.conn, co.viewer.id, [co.groups[0]!.id]);
  const [blocked] = await t.conn.db
    .insert(users)
    .values({
      companyId: co.id,
      login: `blocked-${co.admin.login}`,
      fullName: "Blocked",
      role: "accountant",
      email: email(`blocked-${co.admin.login}`),
      passwordHash: "x",
      mustChangePassword: false,
      status: "blocked",
    })
    .returning({ id: users.id });
  blockedId = blocked!.id;

  const hook = await call(
    t.app,
    "POST",
    "/v1/webhook-endpoints",
    { url: "https://erp.example.test/hooks/lk", events: ["balance.low"] },
    { token: await signIn(t.app, co.admin.login, co.admin.password) },
  );
  expect(hook.status).toBe(201);
});
afterAll(() => t.close());

describe("the low-balance notices job", () => {
  it("tells the users who can see a low account, as their preferences say; in the app and by e-mail", async () => {
    const [low, , lowCredit] = co.accounts;
    expect(await runJob()).toEqual({ sent: 2 + other.accounts.length });

    // The admin: both accounts, in the app.
    expect(sorted((await noticesOf(co.admin.id)).map((n) => n.account))).toEqual(
      sorted([low!.id, lowCredit!.id]),
    );
    const adminApp = await call(t.app, "GET", "/v1/notifications", undefined, {
      token: await signIn(t.app, co.admin.login, co.admin.password),
    });
    const shown = adminApp.body.data.filter((n: { kind: string }) => n.kind === "low_balance");
    expect(shown).toHaveLength(2);
    const aboutLow = shown.find((n: { data: { account_id: string } }) => n.data.account_id === low!.id);
    expect(aboutLow).toMatchObject({ title: "Low balance", data: { account_id: low!.id, balance: T - 1 } });
    expect(aboutLow.body).toContain(low!.number);
    expect(T - 1).toBe(499_99);
    expect(aboutLow.body).toBe(
      `Account ${low!.number} has 499.99 ₽ left. Top up or take a promised payment.`,
    );
    expect(await mailsTo(email(co.admin.login))).toEqual([]);

    // The accountant: told (the row exists) but not in the app; e-mail for both accounts.
    expect((await noticesOf(co.accountant.id)).map((n) => n.inApp)).toEqual([false, false]);
    const accApp = await call(t.app, "GET", "/v1/notifications", undefined, {
      token: await signIn(t.app, co.accountant.login, co.accountant.password),
    });
    expect(accApp.body.data.filter((n: { kind: string }) => n.kind === "low_balance")).toEqual([]);
    const accMails = await mailsTo(email(co.accountant.login));
    expect(accMails).toHaveLength(2);
    expect(accMails.every((m) => m.channel === "email" && m.subject === "Низкий баланс")).toBe(true);
    expect(accMails.map((m) => m.body).join("\n")).toContain(lowCredit!.number);

    // The viewer sees only Москва: told about that account only, both ways.
    expect(await noticesOf(co.viewer.id)).toEqual([{ account: low!.id, inApp: true }]);
    const viewerMails = await mailsTo(email(co.viewer.login));
    expect(viewerMails).toHaveLength(1);
    expect(viewerMails[0]!.body).toContain(low!.number);
    expect(viewerMails[0]!.body).toContain(`На лицевом счёте ${low!.number} осталось 499,99 ₽.`);

    // Nobody else: not the blocked user, not the other company's users about these accounts.
    expect(await noticesOf(blockedId)).toEqual([]);
    expect(sorted((await noticesOf(other.admin.id)).map((n) => n.account))).toEqual(
      sorted(other.accounts.map((a) => a.id)),
    );

    // One balance.low event per low account, to the company's endpoint.
    const events = await lowEvents(co.id);
    expect(
      sorted(events.map((e) => (e.payload as { data: { account_id: string } }).data.account_id)),
    ).toEqual(sorted([low!.id, lowCredit!.id]));
  });

  it("no repeat while the account stays low — later the same day, the next days, across midnight", async () => {
    const [low] = co.accounts;
    const before = {
      notes: (await noticesOf(co.admin.id)).length,
      mails: (await mailsTo(email(co.accountant.login))).length,
      events: (await lowEvents(co.id)).length,
    };
    at("2026-03-10T09:30:00Z");
    expect(await runJob()).toEqual({ sent: 0 });
    at("2026-03-10T23:59:00Z");
    await setBalance(low!.id, 100_00); // lower still, same episode
    expect(await runJob()).toEqual({ sent: 0 });
    at("2026-03-11T00:01:00Z");
    expect(await runJob()).toEqual({ sent: 0 });
    at("2026-03-17T09:00:00Z");
    await setBalance(low!.id, 200_00); // a top-up that leaves it low: same episode
    expect(await runJob()).toEqual({ sent: 0 });
    expect((await noticesOf(co.admin.id)).length).toBe(before.notes);
    expect((await mailsTo(email(co.accountant.login))).length).toBe(before.mails);
    expect((await lowEvents(co.id)).length).toBe(before.events);
  });

  it("a new episode is told again: back above the threshold, then low again; an account that falls below", async () => {
    const [low, atThreshold] = co.accounts;
    at("2026-03-18T09:00:00Z");
    await setBalance(low!.id, 2000_00);
    expect(await runJob()).toEqual({ sent: 0 });
    at("2026-03-18T10:00:00Z");
    await setBalance(low!.id, 300_00);
    await setBalance(atThreshold!.id, T - 1);
    expect(await runJob()).toEqual({ sent: 2 });
    expect(await runJob()).toEqual({ sent: 0 });
    const adminNotes = (await noticesOf(co.admin.id)).filter((n) => n.account === low!.id);
    expect(adminNotes).toHaveLength(2);
    expect(sorted((await noticesOf(co.viewer.id)).map((n) => n.account))).toEqual(
      sorted([low!.id, low!.id, atThreshold!.id]),
    );
    expect(await mailsTo(email(co.viewer.login))).toHaveLength(3);
    expect(await mailsTo(email(co.accountant.login))).toHaveLength(4);
  });
});
