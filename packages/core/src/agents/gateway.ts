import { accounts, companies, type PaymentAgentRow, paymentAgents } from "@lk/db";
import { eq } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { maskHolder } from "../public/masking";
import { PUBLIC_MAX_AMOUNT, recommendedAmount } from "../public/service";
import { creditAgentPayment } from "./credit";
import { secretMatches } from "./keys";
import {
  ACCOUNT_RE,
  AGENT_MAX_AMOUNT,
  AGENT_MIN_AMOUNT,
  formatSum,
  type GatewayAnswer,
  parseSum,
  parseTxnDate,
  RESULT,
  TXN_ID_RE,
} from "./protocol";
import { sourceAllowed } from "./sources";

/** Why the gateway refused the caller before reading its request (HTTP 401 / 403). */
export type AgentRefusal = "no_credentials" | "bad_credentials" | "source_not_allowed";

/**
 * The agent behind a request: its login and secret (HTTP Basic) must match, and the client address
 * (as the API resolved it, LK_TRUST_PROXY-aware) must be in its allow-list. A disabled agent
 * authenticates (its requests are answered «payment forbidden»).
 */
export async function authenticateAgent(
  ctx: Ctx,
  creds: { login: string; secret: string } | undefined,
): Promise<PaymentAgentRow | AgentRefusal> {
  if (!creds) return "no_credentials";
  const [a] = await ctx.db
    .select()
    .from(paymentAgents)
    .where(eq(paymentAgents.login, creds.login.toLowerCase()))
    .limit(1);
  // The hash is compared even for an unknown login, so both take the same time.
  const ok = secretMatches(creds.secret, a?.secretHash ?? "0".repeat(64));
  if (!a || !ok) return "bad_credentials";
  if (!sourceAllowed(ctx.ip, a.allowedSources)) return "source_not_allowed";
  return a;
}

export interface GatewayRequest {
  command?: string | undefined;
  txn_id?: string | undefined;
  account?: string | undefined;
  sum?: string | undefined;
  txn_date?: string | undefined;
}

async function findAccount(ctx: Ctx, number: string) {
  const [a] = await ctx.db
    .select({
      id: accounts.id,
      companyId: accounts.companyId,
      number: accounts.number,
      status: accounts.status,
      balance: accounts.balance,
      holder: companies.name,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(eq(accounts.number, number))
    .limit(1);
  return a;
}

/**
 * One check or pay request of an authenticated agent → the protocol's answer. Never throws for
 * anything the agent sends; an unexpected failure is «temporary error» (the agent retries, and a
 * retried pay is answered from the first).
 */
export async function handleGatewayRequest(
  ctx: Ctx,
  agent: PaymentAgentRow,
  req: GatewayRequest,
): Promise<GatewayAnswer> {
  const osmpTxnId = req.txn_id;
  const answer = (a: Omit<GatewayAnswer, "osmpTxnId">): GatewayAnswer => ({ osmpTxnId, ...a });
  const command = req.command?.trim();
  if (command !== "check" && command !== "pay")
    return answer({ result: RESULT.other, comment: "Неизвестная команда (ожидается check или pay)" });
  if (!req.txn_id || !TXN_ID_RE.test(req.txn_id))
    return answer({ result: RESULT.other, comment: "Неверный txn_id" });
  if (agent.status !== "active") return answer({ result: RESULT.forbidden, comment: "Агент отключён" });
  const number = (req.account ?? "").trim();
  if (!ACCOUNT_RE.test(number)) return answer({ result: RESULT.badAccountFormat });
  const sum = parseSum(req.sum);
  // A check may come without a sum (the payer has not typed it yet); a pay may not.
  if (req.sum !== undefined || command === "pay") {
    if (sum === undefined)
      return answer({ result: RESULT.other, comment: "Неверный формат суммы (например, 100.50)" });
    if (sum < AGENT_MIN_AMOUNT) return answer({ result: RESULT.amountTooSmall, sum });
    if (sum > AGENT_MAX_AMOUNT) return answer({ result: RESULT.amountTooLarge, sum });
  }
  const acc = await findAccount(ctx, number);
  if (!acc) return answer({ result: RESULT.accountNotFound });
  if (acc.status === "closed") return answer({ result: RESULT.forbidden, comment: "Лицевой счёт закрыт" });

  if (command === "check") {
    const recommended = Math.min(
      await recommendedAmount(ctx, acc.id, Number(acc.balance)),
      PUBLIC_MAX_AMOUNT,
    );
    return answer({
      result: RESULT.ok,
      ...(sum !== undefined ? { sum } : {}),
      fields: [
        { name: "holder", value: maskHolder(acc.holder) },
        { name: "recommended_sum", value: formatSum(recommended) },
      ],
    });
  }
  const txnDate = req.txn_date === undefined ? ctx.now() : parseTxnDate(req.txn_date, ctx.config.timeZone);
  if (!txnDate) return answer({ result: RESULT.other, comment: "Неверный txn_date (ГГГГММДДччммсс)" });
  const done = await creditAgentPayment(ctx, {
    agent,
    txnId: req.txn_id,
    account: { id: acc.id, companyId: acc.companyId, number: acc.number.trim() },
    amount: sum!,
    txnDate,
    origin: "gateway",
  });
  // A repeat is answered from the first: its prv_txn and sum (a different sum or account in the
  // repeat changes nothing; the registry shows the agent's figure against ours).
  return answer({ result: RESULT.ok, prvTxn: done.prvTxn, sum: done.amount });
}

/** handleGatewayRequest bounded by the agent's timeout: past it the answer is «temporary error». */
export async function handleWithinTimeout(
  ctx: Ctx,
  agent: PaymentAgentRow,
  req: GatewayRequest,
  onError: (e: unknown) => void,
): Promise<GatewayAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<GatewayAnswer>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({ osmpTxnId: req.txn_id, result: RESULT.temporary, comment: "Тайм-аут, повторите запрос" }),
      agent.timeoutMs,
    );
  });
  const work = handleGatewayRequest(ctx, agent, req).catch((e: unknown): GatewayAnswer => {
    onError(e);
    return { osmpTxnId: req.txn_id, result: RESULT.temporary };
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
