import { makeCompany, type TestCompany } from "@lk/core/testing";
import { outboxMessages, receipts } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, signIn, testClock } from "./helpers";
import {
  createPaymentsEnv,
  drainReceipts,
  type PaymentsEnv,
  paidByCard,
  paymentsConfig,
} from "./payments-env";

// A fiscal receipt for an operator outside Moscow (LK_TIME_ZONE=Europe/Berlin, ADR 0080): the
// register is told and answers local time without a zone, the product reads it back to the same
// instant, and what people read — the e-mail, the ФНС QR's t=, the downloadable receipt — is
// Berlin time with its offset, never Moscow's.

const ZONE = { LK_TIME_ZONE: "Europe/Berlin" };
const _config = paymentsConfig(ZONE);
let env: PaymentsEnv;
let co: TestCompany;

beforeAll(async () => {
  // 11:14 UTC on 7 July 2026: 13:14 in Berlin (summer time, UTC+2), 14:14 in Moscow.
  env = await createPaymentsEnv({ clock: testClock(new Date("2026-07-07T11:14:00Z")), env: ZONE });
  co = await makeCompany(env.conn);
});
afterAll(() => env.close());

it("the register gets and gives Berlin time; the e-mail, the QR and the download say Berlin time", async () => {
  const token = await signIn(env.app, co.accountant.login, co.accountant.password);
  const { id } = await paidByCard(env, token, {
    items: [{ account_id: co.accounts[0]!.id, amount: 500_00 }],
    receipt_email: "buh@berlin.test",
  });
  await drainReceipts(env);
  const [sent] = env.cashRegister.app.cashRegister.receipts().filter((x) => x.externalId === `lk-sell-${id}`);
  expect((sent!.body as { timestamp: string }).timestamp).toBe("07.07.2026 13:14:00");
  const [r] = await env.conn.db.select().from(receipts).where(eq(receipts.paymentId, id));
  expect(r).toMatchObject({ status: "registered" });
  expect(r!.fiscalAt!.toISOString()).toBe("2026-07-07T11:14:00.000Z");

  const qr = `t=20260707T1314&s=500.00&fn=${r!.fnNumber}&i=${r!.fdNumber}&fp=${r!.fpd}&n=1`;
  const [mail] = await env.conn.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.recipient, "buh@berlin.test"), eq(outboxMessages.kind, "payment_receipt")));
  expect(mail!.body).toContain("Дата и время / Date and time: 07.07.2026 13:14 (UTC+02:00)");
  expect(mail!.body).toContain(qr);
  expect(mail!.body).not.toContain("МСК");
  const dl = await call(env.app, "GET", `/v1/payments/${id}/receipt`, undefined, { token });
  expect(dl.body).toContain("Дата / Date: 07.07.2026 13:14 (UTC+02:00)");
  expect(dl.body).toContain(qr);
  expect(dl.body).not.toContain("МСК");
}, 90_000);
