import { randomInn } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, operator, type TestApp } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function form(fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[]) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append("files", new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  return fd;
}

const details = (inn: string) => ({
  company_name: "ООО «Вектор»",
  inn,
  kpp: "773601001",
  legal_address: "г. Москва, ул. Ленина, д. 1",
  contact_name: "Иванов Иван Иванович",
  contact_email: `ivanov-${inn}@vector.example`,
  contact_phone: `8916${inn.slice(0, 7)}`,
});

describe("application → approval → first sign-in → forced change", () => {
  it("works end to end through HTTP", async () => {
    const inn = randomInn();
    const submitted = await t.app.request("/v1/applications", {
      method: "POST",
      body: form(details(inn), [
        { name: "устав.pdf", type: "application/pdf", bytes: PDF },
        { name: "скан.png", type: "image/png", bytes: PNG },
      ]),
    });
    expect(submitted.status).toBe(201);
    const app = (await submitted.json()) as any;
    expect(app.status).toBe("pending");
    expect(app.contact_phone).toBe(`+7916${inn.slice(0, 7)}`);
    expect(app.files.map((f: any) => f.file_name)).toEqual(["устав.pdf", "скан.png"]);

    const list = await call(t.app, "GET", "/v1/operator/applications?status=pending", undefined, operator);
    expect(list.status).toBe(200);
    expect(list.body.data.map((a: any) => a.id)).toContain(app.id);

    const file = await t.app.request(
      `/v1/operator/applications/${app.id}/files/${app.files[0].id}`,
      operator,
    );
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);

    const approved = await call(
      t.app,
      "POST",
      `/v1/operator/applications/${app.id}/approve`,
      undefined,
      operator,
    );
    expect(approved.status).toBe(200);
    const { login, temporary_password, expires_at } = approved.body.admin;
    expect(new Date(expires_at).getTime() - t.clock().getTime()).toBe(72 * 3600 * 1000);

    // The approval is shown once: a second approval is refused.
    const again = await call(
      t.app,
      "POST",
      `/v1/operator/applications/${app.id}/approve`,
      undefined,
      operator,
    );
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe("The application was already reviewed: approved");

    const first = await call(t.app, "POST", "/v1/auth/sign-in", { login, password: temporary_password });
    expect(first.status).toBe(200);
    expect(first.body.password_change_required).toBe(true);
    const limited = first.body.access_token;

    // A temporary-password session can do nothing but set a new password.
    const users = await call(t.app, "GET", "/v1/users", undefined, { token: limited });
    expect(users.status).toBe(403);
    expect(users.body.code).toBe("password_change_required");

    const weak = await call(
      t.app,
      "POST",
      "/v1/auth/password",
      { current_password: temporary_password, new_password: "short" },
      { token: limited },
    );
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe("new_password");
    const same = await call(
      t.app,
      "POST",
      "/v1/auth/password",
      { current_password: temporary_password, new_password: temporary_password },
      { token: limited },
    );
    expect(same.status).toBe(400);
    const withLogin = await call(
      t.app,
      "POST",
      "/v1/auth/password",
      { current_password: temporary_password, new_password: `${login}-2026!` },
      { token: limited },
    );
    expect(withLogin.body.errors[0].code).toBe("password_contains_login");

    const changed = await call(
      t.app,
      "POST",
      "/v1/auth/password",
      { current_password: temporary_password, new_password: "Vector-Strong-Pass-1" },
      { token: limited },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.password_change_required).toBe(false);

    const full = await call(t.app, "GET", "/v1/users", undefined, { token: changed.body.access_token });
    expect(full.status).toBe(200);
    expect(full.body.data[0].login).toBe(login);
    expect(full.body.data[0].role).toBe("admin");

    // The old temporary password no longer works; the new one does.
    expect(
      (await call(t.app, "POST", "/v1/auth/sign-in", { login, password: temporary_password })).status,
    ).toBe(401);
    expect(
      (await call(t.app, "POST", "/v1/auth/sign-in", { login, password: "Vector-Strong-Pass-1" })).status,
    ).toBe(200);
  });

  it("refuses an expired temporary password with advice", async () => {
    const created = await call(t.app, "POST", "/v1/applications", details(randomInn()));
    expect(created.status).toBe(201);
    const approved = await call(
      t.app,
      "POST",
      `/v1/operator/applications/${created.body.id}/approve`,
      undefined,
      operator,
    );
    t.clock.advance(73 * 3600 * 1000);
    const res = await call(
      t.app,
      "POST",
      "/v1/auth/sign-in",
      { login: approved.body.admin.login, password: approved.body.admin.temporary_password },
      { lang: "ru" },
    );
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("temporary_password_expired");
    expect(res.body.detail).toMatch(/обратитесь к оператору/i);
    // The operator issues a new one.
    const reset = await call(
      t.app,
      "POST",
      `/v1/operator/users/${approved.body.admin.login}/reset-password`,
      undefined,
      operator,
    );
    expect(reset.status).toBe(200);
    const ok = await call(t.app, "POST", "/v1/auth/sign-in", {
      login: approved.body.admin.login,
      password: reset.body.temporary_password,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.password_change_required).toBe(true);
  });

  it("rejects with a reason", async () => {
    const created = await call(t.app, "POST", "/v1/applications", details(randomInn()));
    const rejected = await call(
      t.app,
      "POST",
      `/v1/operator/applications/${created.body.id}/reject`,
      { reason: "Нет устава" },
      operator,
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe("rejected");
    expect(rejected.body.reject_reason).toBe("Нет устава");
  });
});

describe("application input checks", () => {
  it("names each bad field in Russian", async () => {
    const res = await call(
      t.app,
      "POST",
      "/v1/applications",
      { ...details("1234567890"), contact_email: "nope", contact_phone: "12" },
      { lang: "ru" },
    );
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.errors.map((e: any) => [e.field, e.message]));
    expect(fields.inn).toMatch(/ИНН/);
    expect(fields.contact_email).toMatch(/e-mail/);
    expect(fields.contact_phone).toMatch(/\+7/);
  });

  it("refuses a file whose content is not PDF/JPEG/PNG, whatever its declared type", async () => {
    const res = await t.app.request("/v1/applications", {
      method: "POST",
      headers: { "accept-language": "en" },
      body: form(details(randomInn()), [
        { name: "virus.pdf", type: "application/pdf", bytes: new TextEncoder().encode("MZ...") },
      ]),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0]).toMatchObject({ field: "files.0", code: "unsupported_file_type" });
  });

  it("refuses more than 10 files", async () => {
    const files = Array.from({ length: 11 }, (_, i) => ({
      name: `${i}.pdf`,
      type: "application/pdf",
      bytes: PDF,
    }));
    const res = await t.app.request("/v1/applications", {
      method: "POST",
      body: form(details(randomInn()), files),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].code).toBe("too_many_files");
  });

  it("refuses a file over 5 MB", async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PDF);
    const res = await t.app.request("/v1/applications", {
      method: "POST",
      body: form(details(randomInn()), [{ name: "big.pdf", type: "application/pdf", bytes: big }]),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].code).toBe("file_too_large");
  });

  it("keeps operator routes closed without the operator key", async () => {
    expect((await call(t.app, "GET", "/v1/operator/applications")).status).toBe(401);
    const wrong = await call(t.app, "GET", "/v1/operator/applications", undefined, {
      headers: { "x-operator-key": "op_wrong_key_000000000" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe("invalid_operator_key");
    const bad = await call(t.app, "GET", "/v1/operator/applications/not-a-uuid", undefined, operator);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("path.id");
    const missing = await call(
      t.app,
      "GET",
      "/v1/operator/applications/00000000-0000-4000-8000-000000000000",
      undefined,
      operator,
    );
    expect(missing.status).toBe(404);
  });
});
