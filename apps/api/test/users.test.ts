import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let a: TestCompany;
let b: TestCompany;
let adminA: string;
let viewerA: string;
let adminB: string;
beforeAll(async () => {
  t = await createTestApp();
  a = await makeCompany(t.conn);
  b = await makeCompany(t.conn);
  adminA = await signIn(t.app, a.admin.login, a.admin.password);
  viewerA = await signIn(t.app, a.viewer.login, a.viewer.password);
  adminB = await signIn(t.app, b.admin.login, b.admin.password);
});
afterAll(() => t.close());

describe("users", () => {
  it("an admin invites a colleague restricted to one group; the colleague signs in with the temporary password", async () => {
    const res = await call(
      t.app,
      "POST",
      "/v1/users",
      {
        full_name: "Петров Пётр",
        email: `petrov-${a.inn}@example.test`,
        role: "accountant",
        group_ids: [a.groups[0]!.id],
      },
      { token: adminA },
    );
    expect(res.status).toBe(201);
    expect(res.body.user.group_ids).toEqual([a.groups[0]!.id]);
    expect(res.body.user.must_change_password).toBe(true);
    const s = await call(t.app, "POST", "/v1/auth/sign-in", {
      login: res.body.login,
      password: res.body.temporary_password,
    });
    expect(s.body.password_change_required).toBe(true);
  });

  it("changes a role, restricts groups, blocks and unblocks", async () => {
    const id = a.viewer.id;
    expect(
      (await call(t.app, "PATCH", `/v1/users/${id}`, { role: "accountant" }, { token: adminA })).body.role,
    ).toBe("accountant");
    expect(
      (
        await call(
          t.app,
          "PUT",
          `/v1/users/${id}/groups`,
          { group_ids: [a.groups[1]!.id] },
          { token: adminA },
        )
      ).body.group_ids,
    ).toEqual([a.groups[1]!.id]);
    const blocked = await call(t.app, "POST", `/v1/users/${id}/block`, undefined, { token: adminA });
    expect(blocked.body.status).toBe("blocked");
    // Blocking ends the sessions at once.
    expect((await call(t.app, "GET", "/v1/auth/me", undefined, { token: viewerA })).status).toBe(401);
    const refused = await call(t.app, "POST", "/v1/auth/sign-in", {
      login: a.viewer.login,
      password: a.viewer.password,
    });
    expect(refused.body.code).toBe("user_blocked");
    expect(
      (await call(t.app, "POST", `/v1/users/${id}/unblock`, undefined, { token: adminA })).body.status,
    ).toBe("active");
    await call(t.app, "PATCH", `/v1/users/${id}`, { role: "viewer" }, { token: adminA });
    await call(t.app, "PUT", `/v1/users/${id}/groups`, { group_ids: [] }, { token: adminA });
    viewerA = await signIn(t.app, a.viewer.login, a.viewer.password);
  });

  it("keeps at least one active admin", async () => {
    const res = await call(t.app, "PATCH", `/v1/users/${a.admin.id}`, { role: "viewer" }, { token: adminA });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("last_admin");
    expect(
      (await call(t.app, "POST", `/v1/users/${a.admin.id}/block`, undefined, { token: adminA })).status,
    ).toBe(409);
  });

  it("writes every change to the audit log", async () => {
    const rows = await t.conn.db.query.auditLog.findMany({ where: (l, { eq }) => eq(l.companyId, a.id) });
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "user.invited",
        "user.updated",
        "user.groups_set",
        "user.blocked",
        "user.unblocked",
      ]),
    );
    expect(rows.find((r) => r.action === "user.blocked")).toMatchObject({
      actorType: "user",
      actorId: a.admin.id,
      entityId: a.viewer.id,
    });
  });
});

describe("users: security", () => {
  const writes = (id: string) =>
    [
      ["POST", "/v1/users", { full_name: "X Y", email: "x@example.test", role: "viewer" }],
      ["PATCH", `/v1/users/${id}`, { role: "viewer" }],
      ["PUT", `/v1/users/${id}/groups`, { group_ids: [] }],
      ["POST", `/v1/users/${id}/block`, undefined],
      ["POST", `/v1/users/${id}/unblock`, undefined],
      ["POST", `/v1/users/${id}/reset-password`, undefined],
    ] as const;

  it("no token → 401 on every route", async () => {
    expect((await call(t.app, "GET", "/v1/users")).status).toBe(401);
    for (const [m, p, body] of writes(a.accountant.id))
      expect((await call(t.app, m, p, body)).status, `${m} ${p}`).toBe(401);
  });

  it("a viewer → 403 on every route", async () => {
    expect((await call(t.app, "GET", "/v1/users", undefined, { token: viewerA })).status).toBe(403);
    for (const [m, p, body] of writes(a.accountant.id))
      expect((await call(t.app, m, p, body, { token: viewerA })).status, `${m} ${p}`).toBe(403);
  });

  it("another company's admin on this company's user → 404", async () => {
    for (const [m, p, body] of writes(a.accountant.id).slice(1)) {
      expect((await call(t.app, m, p, body, { token: adminB })).status, `${m} ${p}`).toBe(404);
    }
    const list = await call(t.app, "GET", "/v1/users", undefined, { token: adminB });
    expect(list.body.data.map((u: any) => u.id)).not.toContain(a.accountant.id);
  });

  it("another company's group cannot be assigned", async () => {
    const res = await call(
      t.app,
      "PUT",
      `/v1/users/${a.accountant.id}/groups`,
      { group_ids: [b.groups[0]!.id] },
      { token: adminA },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("group_ids");
  });

  it("malformed input → 400 naming the field", async () => {
    const bad = await call(
      t.app,
      "POST",
      "/v1/users",
      { full_name: "X", email: "nope", role: "boss" },
      { token: adminA },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(["email", "full_name", "role"]);
    expect(
      (await call(t.app, "PATCH", "/v1/users/123", { role: "viewer" }, { token: adminA })).body.errors[0]
        .field,
    ).toBe("path.id");
    expect(
      (await call(t.app, "PATCH", `/v1/users/${a.accountant.id}`, undefined, { token: adminA, rawBody: "[" }))
        .status,
    ).toBe(400);
  });
});

describe("audit log", () => {
  it("lists the company's entries newest first, with filters and pages", async () => {
    const all = await call(t.app, "GET", "/v1/audit-log?limit=1000", undefined, { token: adminA });
    expect(all.status).toBe(200);
    const ids = all.body.data.map((e: any) => e.id);
    expect(ids).toEqual([...ids].sort((x: number, y: number) => y - x));
    const blocked = await call(t.app, "GET", "/v1/audit-log?action=user.blocked", undefined, {
      token: adminA,
    });
    expect(blocked.body.data[0]).toMatchObject({
      action: "user.blocked",
      actor_login: a.admin.login,
      entity_id: a.viewer.id,
    });
    const prefix = await call(t.app, "GET", "/v1/audit-log?action=user.&limit=2", undefined, {
      token: adminA,
    });
    expect(prefix.body.data).toHaveLength(2);
    const next = await call(
      t.app,
      "GET",
      `/v1/audit-log?action=user.&limit=2&cursor=${prefix.body.next_cursor}`,
      undefined,
      { token: adminA },
    );
    expect(next.body.data[0].id).toBeLessThan(prefix.body.data[1].id);
    // Another company's admin sees none of it.
    const other = await call(t.app, "GET", "/v1/audit-log?limit=1000", undefined, { token: adminB });
    expect(other.body.data.some((e: any) => e.entity_id === a.viewer.id)).toBe(false);
  });

  it("is for admins: 401 without a token, 403 for a viewer, 400 for a bad filter", async () => {
    expect((await call(t.app, "GET", "/v1/audit-log")).status).toBe(401);
    expect((await call(t.app, "GET", "/v1/audit-log", undefined, { token: viewerA })).status).toBe(403);
    const bad = await call(t.app, "GET", "/v1/audit-log?from=yesterday&cursor=zzz", undefined, {
      token: adminA,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.from");
  });
});
