import { randomInn } from "@lk/core/testing";
import { outboxMessages } from "@lk/db";
import { eq, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, operator, type TestApp } from "./helpers";

// The public side of an application: identifiers checked with their control digits by the server
// (problem+json naming the field), the applicant's status page by the link's secret or by number +
// e-mail (nothing more shown than the applicant may see), and the issued login and temporary
// password sent by two channels — the login by e-mail, the password by SMS, never together.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const details = (inn: string, extra: Record<string, string> = {}) => ({
  company_name: "ООО «Вектор»",
  inn,
  kpp: "773601001",
  legal_address: "г. Москва, ул. Ленина, д. 1",
  contact_name: "Иванов Иван Иванович",
  contact_email: `Ivanov-${inn}@vector.example`,
  contact_phone: `8916${inn.slice(0, 7)}`,
  ...extra,
});

const submit = (body: Record<string, string>, lang: "ru" | "en" = "ru") =>
  call(t.app, "POST", "/v1/applications", body, { lang });
const status = (body: Record<string, unknown>) => call(t.app, "POST", "/v1/applications/status", body);

describe("POST /v1/applications: identifiers with control digits", () => {
  it("names the field whose check digit is wrong, in the asked language", async () => {
    const inn = randomInn();
    const badInn = `${inn.slice(0, 9)}${(Number(inn[9]) + 1) % 10}`;
    const r = await submit(details(badInn));
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(["inn"]);
    const en = await submit(details(badInn), "en");
    expect(en.body.errors[0].message).toMatch(/INN/);
    // ОГРН 1027700132195 is valid; one digit off is not.
    const badOgrn = await submit(details(inn, { ogrn: "1027700132196" }));
    expect(badOgrn.status).toBe(400);
    expect(badOgrn.body.errors[0].field).toBe("ogrn");
    const badKpp = await submit(details(inn, { kpp: "77360100" }));
    expect(badKpp.body.errors[0].field).toBe("kpp");
  });

  it("checks the identifiers against each other: an entrepreneur has an ОГРНИП and no КПП", async () => {
    const org = await submit(details(randomInn(), { ogrn: "304500116000157" }));
    expect(org.status).toBe(400);
    expect(org.body.errors[0]).toMatchObject({ field: "ogrn", code: "ogrn_expected" });
    // 500100732259 is a valid 12-digit ИНН; 304500116000157 a valid ОГРНИП.
    const ip = await submit(details("500100732259", { ogrn: "1027700132195" }));
    expect(ip.status).toBe(400);
    expect(ip.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
      "kpp_not_for_entrepreneur",
      "ogrnip_expected",
    ]);
    const ok = await submit(details("500100732259", { kpp: "", ogrn: "304500116000157" }));
    expect(ok.status).toBe(201);
  });
});

describe("the applicant's status page", () => {
  it("answers the link's secret, or the number with the contact e-mail; nothing else", async () => {
    const inn = randomInn();
    const created = await submit(details(inn));
    expect(created.status).toBe(201);
    const { number, status_token } = created.body;
    expect(number).toBeGreaterThanOrEqual(1001);
    expect(status_token).toMatch(/^[\w-]{30,}$/);
    // The confirmation e-mail carries the number and the link, not the secret's hash.
    const [mail] = await t.conn.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.recipient, details(inn).contact_email.toLowerCase()));
    expect(mail!.body).toContain(`№ ${number}`);
    expect(mail!.body).toContain(`/apply/status?token=${status_token}`);

    const byToken = await status({ token: status_token });
    expect(byToken.status).toBe(200);
    expect(byToken.body).toEqual({
      number,
      status: "pending",
      company_name: "ООО «Вектор»",
      inn,
      contact_email: "iv•••@vector.example",
      reject_reason: null,
      created_at: expect.any(String),
      reviewed_at: null,
      files: [],
    });
    // The e-mail matches whatever its case.
    const byNumber = await status({ number, email: details(inn).contact_email.toUpperCase() });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.number).toBe(number);

    // A wrong e-mail, a wrong number and a wrong secret are the same 404; the number alone is not enough.
    expect((await status({ number, email: "someone@else.example" })).status).toBe(404);
    expect((await status({ number: number + 100000, email: details(inn).contact_email })).status).toBe(404);
    expect((await status({ token: "x".repeat(32) })).status).toBe(404);
    const alone = await status({ number });
    expect(alone.status).toBe(400);
    expect(alone.body.errors[0].field).toBe("email");
  });

  it("issues the login by e-mail and the temporary password by SMS, never in one message", async () => {
    const inn = randomInn();
    const d = details(inn);
    const created = await submit(d);
    const approved = await call(
      t.app,
      "POST",
      `/v1/operator/applications/${created.body.id}/approve`,
      undefined,
      operator,
    );
    expect(approved.status).toBe(200);
    const { login, temporary_password } = approved.body.admin;
    const sent = await t.conn.db
      .select()
      .from(outboxMessages)
      .where(
        or(
          eq(outboxMessages.recipient, d.contact_email.toLowerCase()),
          eq(outboxMessages.recipient, `+7916${inn.slice(0, 7)}`),
        ),
      );
    const email = sent.find((m) => m.kind === "application_approved")!;
    const sms = sent.find((m) => m.kind === "temporary_password")!;
    expect(email.channel).toBe("email");
    expect(email.body).toContain(login);
    expect(sms.channel).toBe("sms");
    expect(sms.body).toContain(temporary_password);
    for (const m of sent) expect(m.body.includes(login) && m.body.includes(temporary_password)).toBe(false);
    expect(sent.filter((m) => m.body.includes(temporary_password))).toEqual([sms]);

    // The status page shows the approval, not the login.
    const after = await status({ token: created.body.status_token });
    expect(after.body.status).toBe("approved");
    expect(after.body.reviewed_at).not.toBeNull();
    expect(JSON.stringify(after.body)).not.toContain(login);

    // The issued pair signs in and must change the password first.
    const first = await call(t.app, "POST", "/v1/auth/sign-in", { login, password: temporary_password });
    expect(first.status).toBe(200);
    expect(first.body.password_change_required).toBe(true);

    // Once changed, the temporary password is wiped from the SMS that carried it.
    const changed = await call(
      t.app,
      "POST",
      "/v1/auth/password",
      { current_password: temporary_password, new_password: "Another-Horse-77" },
      { token: first.body.access_token },
    );
    expect(changed.status).toBe(200);
    const [wiped] = await t.conn.db.select().from(outboxMessages).where(eq(outboxMessages.id, sms.id));
    expect(wiped!.body).not.toContain(temporary_password);
  });

  it("shows a rejection with its reason", async () => {
    const created = await submit(details(randomInn()));
    await call(
      t.app,
      "POST",
      `/v1/operator/applications/${created.body.id}/reject`,
      { reason: "Нет устава в документах" },
      operator,
    );
    const r = await status({ token: created.body.status_token });
    expect(r.body).toMatchObject({ status: "rejected", reject_reason: "Нет устава в документах" });
  });
});
