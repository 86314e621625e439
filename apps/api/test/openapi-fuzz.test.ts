import { createHash, randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { makeCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { casesFor, type Doc, type FuzzCase } from "./fuzz/cases";
import { makePrincipals, type Principals, principalOf } from "./fuzz/principals";
import { call, signIn } from "./helpers";
import { createPaymentsEnv, payOnPage } from "./payments-env";

// Every operation of the published OpenAPI document, sent requests that break its schema by the
// principal that may call it (fuzz/cases.ts, fuzz/principals.ts). Nothing here names a route: a new
// one is fuzzed as soon as it is in the document. A failure means a 5xx, or an error that is not
// problem+json. Deterministic: LK_FUZZ_SEED (default 18) and LK_FUZZ_RUNS cases per operation
// (default 10) reproduce a run; raise the runs locally to look harder.

const SEED = Number(process.env.LK_FUZZ_SEED ?? 18);
const RUNS = Number(process.env.LK_FUZZ_RUNS ?? 10);

// Built at collection time so each operation is a test of its own.
const env = await createPaymentsEnv({ env: { LK_TRUST_PROXY: "true" } });
const co = await makeCompany(env.conn, { accountsPerGroup: 1 });
const doc = (await call(env.app, "GET", "/openapi.json")).body as Doc;
let principals: Principals;
let paymentId: string;

beforeAll(async () => {
  principals = await makePrincipals(env.app, co);
  // A paid payment, so refunds and receipts are fuzzed on something real.
  const accountant = await signIn(env.app, co.accountant.login, co.accountant.password);
  const pay = await call(
    env.app,
    "POST",
    "/v1/payments",
    { items: [{ account_id: co.accounts[0]!.id, amount: 500_00 }], method: "card" },
    { token: accountant, headers: { "idempotency-key": `fuzz-${randomUUID()}` } },
  );
  expect(pay.status).toBe(201);
  await payOnPage(pay.body.confirmation_url, "4242424242424242");
  await env.sandbox.app.sandbox.notificationsIdle();
  paymentId = pay.body.id;
});
afterAll(() => env.close());

/** A seed per operation, so adding a route leaves every other route's cases as they were. */
const seedOf = (id: string) => createHash("sha256").update(`${SEED}:${id}`).digest().readUInt32BE(0);

/** Real ids where a path names a resource this company has, so a broken body reaches the service. */
const realIds = (template: string, param: string): string | undefined => {
  if (param !== "id") return undefined;
  if (template.startsWith("/v1/accounts/")) return co.accounts[0]!.id;
  if (template.startsWith("/v1/groups/")) return co.groups[0]!.id;
  if (template.startsWith("/v1/payments/")) return paymentId;
  return undefined;
};
const realValues = () => ({
  account_id: co.accounts[1]!.id,
  group_id: co.groups[1]!.id,
  parent_id: co.groups[1]!.id,
  account_number: co.accounts[2]!.number,
  payment_id: paymentId,
});

let ipSeq = 0;
async function send(kind: NonNullable<ReturnType<typeof principalOf>>, c: FuzzCase) {
  const auth = await principals.headers(kind, c.as);
  // Each request from an address of its own: the per-address limits are tested elsewhere, here they
  // would only stop the requests before they reach what they probe.
  const n = ++ipSeq;
  const ip =
    kind === "agent" ? auth["x-forwarded-for"]! : `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const res = await env.app.request(`${c.path}${c.query ? `?${c.query}` : ""}`, {
    method: c.method,
    headers: { "accept-language": "en", "x-forwarded-for": ip, ...auth, ...c.headers },
    ...(c.body !== undefined ? { body: c.body } : {}),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text };
}

describe("OpenAPI fuzz: no 5xx, every error is problem+json", () => {
  for (const [template, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      it(`${method.toUpperCase()} ${template}`, async () => {
        const kind = principalOf(method, template, op);
        expect(
          kind,
          `no principal mapped for ${method.toUpperCase()} ${template} (fuzz/principals.ts)`,
        ).toBeDefined();
        const { cases } = casesFor(doc, method, template, op, {
          seed: seedOf(op.operationId),
          runs: RUNS,
          principals: principals.variants(kind!),
          realIds,
          realValues: realValues(),
        });
        const bad: string[] = [];
        const statuses: string[] = [];
        for (const c of cases) {
          const r = await send(kind!, c);
          statuses.push(
            `${r.status}${r.status >= 400 ? `:${/"code":"([^"]+)"/.exec(r.text)?.[1] ?? "?"}${/"field":"([^"]+)"/.exec(r.text)?.[1] ?? ""}` : ""}(${c.what})`,
          );
          const problem = r.type.startsWith("application/problem+json");
          // The agents' protocol answers its own XML, errors included (docs/agents.md).
          const xml = kind === "agent" && r.type.startsWith("text/xml");
          if (r.status >= 500 || (r.status >= 400 && !problem && !xml))
            bad.push(`${c.what} as #${c.as} → ${r.status} ${r.type} ${r.text.slice(0, 300)}`);
        }
        // LK_FUZZ_LOG=file appends what each operation answered, to see what the cases reach.
        if (process.env.LK_FUZZ_LOG)
          appendFileSync(
            process.env.LK_FUZZ_LOG,
            `${method.toUpperCase()} ${template}: ${statuses.join(" ")}\n`,
          );
        if (method !== "get") principals.forgetSessions();
        expect(bad, `seed ${SEED}`).toEqual([]);
      }, 120_000);
    }
});
