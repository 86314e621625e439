import type { Connection } from "@lk/db";
import { connect, type Connection as DbConnection } from "@lk/db";
import { createTestDatabase, createTestDatabaseUrl, testReplicaUrl } from "@lk/db/testing";
import { type App, createApp } from "../src/app";
import { type AppConfig, loadConfig } from "../src/config";

export const OPERATOR_KEY = "op_test_operator_key_0123456789";

/** A clock tests can move: `clock.advance(ms)`, `clock.set(date)`. */
export function testClock(start = new Date()) {
  let t = start.getTime();
  const now = () => new Date(t);
  return Object.assign(now, {
    advance: (ms: number) => {
      t += ms;
    },
    set: (d: Date) => {
      t = d.getTime();
    },
  });
}
export type TestClock = ReturnType<typeof testClock>;

export interface TestApp {
  app: App;
  conn: Connection;
  config: AppConfig;
  clock: TestClock;
  close(): Promise<void>;
}

/** The real app on a database of this test file's own. */
export async function createTestApp(
  opts: { env?: Record<string, string>; clock?: TestClock } = {},
): Promise<TestApp> {
  // With LK_TEST_REPLICA_URL (CI's read-replica pass) the app reads call pages, statistics, exports
  // and documents through the streaming replica of this file's database.
  const { conn, readConn } = await testDatabases();
  const config = loadConfig({
    LK_OPERATOR_KEY: OPERATOR_KEY,
    LK_LOG_LEVEL: "silent",
    LK_SCRYPT_N: "1024",
    LK_TRUST_PROXY: "true",
    LK_COOKIE_SECURE: "false",
    ...opts.env,
  });
  const clock = opts.clock ?? testClock();
  const app = createApp({ conn, config, now: clock, readConn });
  return {
    app,
    conn,
    config,
    clock,
    close: async () => {
      await readConn?.close();
      await conn.close();
    },
  };
}

async function testDatabases(): Promise<{ conn: Connection; readConn: DbConnection | null }> {
  if (!process.env.LK_TEST_REPLICA_URL) return { conn: await createTestDatabase(), readConn: null };
  const url = await createTestDatabaseUrl();
  if (!url) throw new Error("LK_TEST_REPLICA_URL needs DATABASE_URL (PostgreSQL)");
  return {
    conn: await connect({ url, max: 10 }),
    readConn: await connect({ url: testReplicaUrl(url)!, max: 3 }),
  };
}

export interface CallOptions {
  token?: string | undefined;
  headers?: Record<string, string>;
  lang?: "ru" | "en";
  /** Send the body as-is (e.g. malformed JSON). */
  rawBody?: string;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP call through app.request, JSON in and out. */
export async function call<T = any>(
  app: App,
  method: string,
  path: string,
  body?: unknown,
  opts: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { "accept-language": opts.lang ?? "en", ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let payload: string | undefined;
  if (opts.rawBody !== undefined) payload = opts.rawBody;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers["content-type"] ??= "application/json";
  const res = await app.request(path, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Signs in and returns the access token. */
export async function signIn(app: App, login: string, password: string): Promise<string> {
  const res = await call(app, "POST", "/v1/auth/sign-in", { login, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

export const operator = { headers: { "x-operator-key": OPERATOR_KEY } };

/**
 * The customer blocks one service by an order (добровольная блокировка) and the operator completes
 * it: the service ends up `suspended` with the order id on its history interval.
 */
export async function blockServiceByOrder(
  app: App,
  token: string,
  ids: { accountId: string; serviceId: string },
): Promise<void> {
  const order = await call(
    app,
    "POST",
    "/v1/orders",
    { kind: "suspend", account_id: ids.accountId, service_id: ids.serviceId },
    { token },
  );
  if (order.status !== 201) throw new Error(`suspend order: ${order.status} ${JSON.stringify(order.body)}`);
  const done = await call(
    app,
    "POST",
    `/v1/operator/orders/${order.body.id}/transition`,
    { status: "done" },
    operator,
  );
  if (done.status !== 200) throw new Error(`order transition: ${done.status} ${JSON.stringify(done.body)}`);
}
