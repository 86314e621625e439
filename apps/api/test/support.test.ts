import { makeCompany, type TestCompany } from "@lk/core/testing";
import { outboxMessages } from "@lk/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, OPERATOR_KEY, operator, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let buh: string;
let viewer: string;
let otherAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  other = await makeCompany(t.conn);
  buh = await signIn(t.app, co.accountant.login, co.accountant.password);
  viewer = await signIn(t.app, co.viewer.login, co.viewer.password);
  otherAdmin = await signIn(t.app, other.admin.login, other.admin.password);
});
afterAll(() => t.close());

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n");

async function multipart(
  path: string,
  fields: Record<string, string>,
  files: [string, Uint8Array][],
  token: string,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [name, bytes] of files) form.append("files", new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  const res = await t.app.request(path, {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${token}`, "accept-language": "en" },
  });
  return { status: res.status, body: await res.json() };
}

describe("support requests", () => {
  it("opens with files, operator answers (author notified), customer replies, closes", async () => {
    const created = await multipart(
      "/v1/support/requests",
      { subject: "Нет связи", text: "С утра не работает телефон", account_id: co.accounts[0]!.id },
      [
        ["screen.png", PNG],
        ["акт.pdf", PDF],
        ["log.txt", new TextEncoder().encode("лог звонков")],
      ],
      buh,
    );
    expect(created.status).toBe(201);
    expect(created.body.status).toBe("open");
    const files = created.body.messages[0].attachments;
    expect(files.map((f: { content_type: string }) => f.content_type)).toEqual([
      "image/png",
      "application/pdf",
      "text/plain; charset=utf-8",
    ]);
    const id = created.body.id;
    const dl = await t.app.request(`/v1/support/requests/${id}/attachments/${files[0].id}`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(dl.status).toBe(200);
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(PNG);

    const answer = await call(
      t.app,
      "POST",
      `/v1/operator/support/requests/${id}/answer`,
      { text: "Проверяем линию" },
      operator,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe("waiting_for_customer");
    const mail = await t.conn.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.kind, "support_answer"));
    expect(mail.map((m) => m.recipient)).toEqual([`${co.accountant.login}@example.test`]);

    const reply = await call(
      t.app,
      "POST",
      `/v1/support/requests/${id}/messages`,
      { text: "Спасибо, ждём" },
      { token: buh },
    );
    expect(reply.body.status).toBe("open");
    expect(reply.body.messages.map((m: { author: string }) => m.author)).toEqual([
      "customer",
      "operator",
      "customer",
    ]);
    const status = await call(
      t.app,
      "POST",
      `/v1/operator/support/requests/${id}/status`,
      { status: "resolved" },
      operator,
    );
    expect(status.body.status).toBe("resolved");
    const closed = await call(t.app, "POST", `/v1/support/requests/${id}/close`, undefined, { token: buh });
    expect(closed.body.status).toBe("closed");
    const late = await call(
      t.app,
      "POST",
      `/v1/support/requests/${id}/messages`,
      { text: "ещё" },
      { token: buh },
    );
    expect(late.status).toBe(409);
    const list = await call(t.app, "GET", "/v1/support/requests?status=closed", undefined, { token: viewer });
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    const op = await call(
      t.app,
      "GET",
      `/v1/operator/support/requests?company_id=${co.id}`,
      undefined,
      operator,
    );
    expect(op.body.data).toHaveLength(1);
  });

  it("checks files by their bytes, not their names", async () => {
    const fake = await multipart(
      "/v1/support/requests",
      { subject: "x", text: "y" },
      [["invoice.pdf", new TextEncoder().encode("MZ not a pdf")]],
      buh,
    );
    expect(fake.status).toBe(400);
    expect(fake.body.errors[0]).toMatchObject({ field: "files.0", code: "file_type" });
    const six = await multipart(
      "/v1/support/requests",
      { subject: "x", text: "y" },
      Array.from({ length: 6 }, (_, i): [string, Uint8Array] => [`${i}.png`, PNG]),
      buh,
    );
    expect(six.body.errors[0].field).toBe("files");
    const noText = await multipart("/v1/support/requests", { subject: "x" }, [], buh);
    expect(noText.status).toBe(400);
    expect(noText.body.errors[0].field).toBe("text");
  });

  it("guards: no token 401, other company 404, viewer 403, bad body 400, non-operator 403", async () => {
    const created = await call(
      t.app,
      "POST",
      "/v1/support/requests",
      { subject: "Счёт", text: "Вопрос" },
      { token: buh },
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await call(t.app, "POST", "/v1/support/requests", { subject: "a", text: "b" })).status).toBe(401);
    expect(
      (await call(t.app, "POST", "/v1/support/requests", { subject: "a", text: "b" }, { token: viewer }))
        .status,
    ).toBe(403);
    expect(
      (await call(t.app, "GET", `/v1/support/requests/${id}`, undefined, { token: otherAdmin })).status,
    ).toBe(404);
    expect(
      (await call(t.app, "POST", `/v1/support/requests/${id}/messages`, { text: "x" }, { token: otherAdmin }))
        .status,
    ).toBe(404);
    const foreignAccount = await call(
      t.app,
      "POST",
      "/v1/support/requests",
      { subject: "a", text: "b", account_id: other.accounts[0]!.id },
      { token: buh },
    );
    expect(foreignAccount.status).toBe(404);
    const bad = await call(t.app, "POST", "/v1/support/requests", { subject: "", text: "b" }, { token: buh });
    expect(bad.body.errors[0].field).toBe("subject");
    expect(
      (await call(t.app, "GET", "/v1/operator/support/requests", undefined, { token: buh })).status,
    ).toBe(403);
    const badStatus = await call(
      t.app,
      "POST",
      `/v1/operator/support/requests/${id}/status`,
      { status: "lost" },
      {
        headers: { "x-operator-key": OPERATOR_KEY },
      },
    );
    expect(badStatus.body.errors[0].field).toBe("status");
  });
});
