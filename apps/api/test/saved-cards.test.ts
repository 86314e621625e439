import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, saveCard } from "./payments-env";

// DELETE /v1/saved-cards/{id}: the card leaves the list and is no longer charged; the autopay rules
// that charge it are switched off in the same transaction (ADR 0086).

let env: PaymentsEnv;
let co: TestCompany;
let other: TestCompany;
let accountant: string;
let viewer: string;
let otherAdmin: string;
let cardId: string;

const api = (method: string, path: string, body?: unknown, token = accountant) =>
  call(env.app, method, path, body, { token });

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn, { accountsPerGroup: 1 });
  other = await makeCompany(env.conn, { accountsPerGroup: 1 });
  [accountant, viewer, otherAdmin] = await Promise.all([
    signIn(env.app, co.accountant.login, co.accountant.password),
    signIn(env.app, co.viewer.login, co.viewer.password),
    signIn(env.app, other.admin.login, other.admin.password),
  ]);
  cardId = await saveCard(env, accountant, co.accounts[0]!.id);
}, 60_000);
afterAll(() => env.close());

describe("DELETE /v1/saved-cards/{id}", () => {
  it("refuses without a token, for a viewer, for another company and for a bad id", async () => {
    expect((await call(env.app, "DELETE", `/v1/saved-cards/${cardId}`)).status).toBe(401);
    const asViewer = await api("DELETE", `/v1/saved-cards/${cardId}`, undefined, viewer);
    expect(asViewer.status).toBe(403);
    const foreign = await api("DELETE", `/v1/saved-cards/${cardId}`, undefined, otherAdmin);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("saved_card_not_found");
    const bad = await api("DELETE", "/v1/saved-cards/not-a-uuid");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("path.id");
    // Still there after all of these.
    expect((await api("GET", "/v1/saved-cards")).body.data.map((c: { id: string }) => c.id)).toEqual([
      cardId,
    ]);
  });

  it("removes the card and switches off the autopay that charges it, in one step", async () => {
    const rule = await api("POST", "/v1/autopay-rules", {
      account_id: co.accounts[0]!.id,
      kind: "threshold",
      threshold: 500_00,
      amount: 1000_00,
      saved_card_id: cardId,
      monthly_limit: 5000_00,
    });
    expect(rule.status).toBe(201);
    const listed = await api("GET", "/v1/saved-cards");
    // The expiry typed on the acquirer's page (11/29, payOnPage) came with its notification.
    expect(listed.body.data[0]).toMatchObject({
      id: cardId,
      autopay_rules: 1,
      expiry_month: 11,
      expiry_year: 2029,
    });

    const removed = await api("DELETE", `/v1/saved-cards/${cardId}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ id: cardId, autopay_rules_disabled: 1 });
    expect((await api("GET", "/v1/saved-cards")).body.data).toEqual([]);
    const after = await api("GET", `/v1/autopay-rules/${rule.body.id}`);
    expect(after.body).toMatchObject({ enabled: false, disabled_reason: "card_removed" });

    // The rule cannot be switched on again with the removed card, nor a new one made with it.
    const enable = await api("PATCH", `/v1/autopay-rules/${rule.body.id}`, { enabled: true });
    expect(enable.status).toBe(400);
    expect(enable.body.errors[0]).toMatchObject({ field: "enabled", code: "card_removed" });
    const again = await api("POST", "/v1/autopay-rules", {
      account_id: co.accounts[0]!.id,
      kind: "threshold",
      threshold: 500_00,
      amount: 1000_00,
      saved_card_id: cardId,
      monthly_limit: 5000_00,
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].field).toBe("saved_card_id");
    // Removing twice: the card is gone.
    expect((await api("DELETE", `/v1/saved-cards/${cardId}`)).status).toBe(404);

    // The removal is in the audit log with who did it.
    const audit = await api(
      "GET",
      "/v1/audit-log?limit=50",
      undefined,
      await signIn(env.app, co.admin.login, co.admin.password),
    );
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain("saved_card.removed");
  });

  it("a card saved again after the removal is listed and usable", async () => {
    const id = await saveCard(env, accountant, co.accounts[0]!.id);
    expect((await api("GET", "/v1/saved-cards")).body.data.map((c: { id: string }) => c.id)).toEqual([id]);
  }, 30_000);
});
