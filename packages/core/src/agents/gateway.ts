import { type PaymentAgentRow, paymentAgents, rows } from "@lk/db";
import { getTableColumns, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { maskHolder } from "../public/masking";
import { firstOfNextMonth, PUBLIC_MAX_AMOUNT, recommendedFrom } from "../public/service";
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

/** The account a request names, as the same statement that authenticated the agent read it. */
export interface GatewayAccount {
  id: string;
  companyId: string;
  number: string;
  status: string;
  balance: number;
  holder: string;
  /** The company's bonus percentage (basis points), or null for the configured default. */
  bonusPercentBp: number | null;
  /** check only: what the recommended sum is made of (null when the balance is negative). */
  fees: number | null;
  vatBp: number | null;
}

/** An authenticated agent and the account of its request (null: no such account or a bad format). */
export interface AuthenticatedAgent {
  agent: PaymentAgentRow;
  account: GatewayAccount | null;
  /** pay only: the agent's transaction of this txn_id if it is already credited (a repeat). */
  paid: { prvTxn: number; amount: number } | null;
}

/** The payment_agents columns as drizzle maps them, and their select list, made once. */
const AGENT_COLUMNS = Object.entries(getTableColumns(paymentAgents));
const AGENT_SELECT = sql.raw(AGENT_COLUMNS.map(([, c]) => `pa."${c.name}"`).join(", "));

/** The 12 digits a request names, or null when it names none in that format (answered 4 later). */
const accountNumberOf = (req: GatewayRequest | undefined) => {
  const n = (req?.account ?? "").trim();
  return ACCOUNT_RE.test(n) ? n : null;
};

/**
 * The agent by login and the account the request names — for a check also the account's monthly
 * fees and next month's VAT rate — in one statement: a gateway request makes one round trip before
 * its pay transaction, where it made three or four. The account is read whatever the credentials
 * (nothing of it is answered before they match), so a wrong secret and an unknown login take the
 * same work.
 */
async function lookup(
  ctx: Ctx,
  login: string,
  number: string | null,
  forCheck: boolean,
  /** pay only: the txn_id whose earlier credit, if any, answers a repeat without a transaction. */
  txnId: string | null,
) {
  // Next month's first day (its VAT rate) only for a check: a pay needs no rate.
  const day = forCheck ? firstOfNextMonth(ctx.now(), ctx.config.timeZone) : null;
  const [r] = await rows<Record<string, unknown>>(
    ctx.db,
    sql`SELECT ${AGENT_SELECT}, acc.id AS lk_id, acc.company_id AS lk_company_id, acc.number AS lk_number,
          acc.status AS lk_status, acc.balance::text AS lk_balance, acc.holder AS lk_holder,
          acc.bonus_bp AS lk_bonus_bp, acc.fees::text AS lk_fees, acc.vat_bp AS lk_vat_bp,
          ap.prv_txn::text AS lk_prv_txn, ap.amount::text AS lk_paid_amount
        FROM (SELECT 1) AS one
        LEFT JOIN payment_agents pa ON pa.login = ${login}
        LEFT JOIN agent_payments ap ON ap.agent_id = pa.id AND ap.txn_id = ${txnId}
        LEFT JOIN LATERAL (
          SELECT a.id, a.company_id, a.number, a.status, a.balance, c.name AS holder,
            (SELECT s.bonus_percent_bp FROM company_payment_settings s WHERE s.company_id = a.company_id) AS bonus_bp,
            CASE WHEN ${forCheck}::boolean AND a.balance >= 0 THEN
              (SELECT COALESCE(SUM(t.monthly_fee), 0) FROM services sv JOIN tariffs t ON t.id = sv.tariff_id
                WHERE sv.account_id = a.id AND sv.status = 'active') END AS fees,
            CASE WHEN ${forCheck}::boolean AND a.balance >= 0 THEN
              (SELECT v.rate_bp FROM vat_rates v WHERE v.valid_from <= ${day}::date
                AND (v.valid_to IS NULL OR ${day}::date <= v.valid_to) ORDER BY v.valid_from LIMIT 1) END AS vat_bp
          FROM accounts a JOIN companies c ON c.id = a.company_id
          WHERE a.number = ${number}
          LIMIT 1
        ) AS acc ON true`,
  );
  let agent: PaymentAgentRow | undefined;
  if (r && r.id !== null && r.id !== undefined) {
    const row = {} as Record<string, unknown>;
    for (const [key, column] of AGENT_COLUMNS) {
      const v = r[column.name];
      row[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
    }
    agent = row as PaymentAgentRow;
  }
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const account: GatewayAccount | null =
    r && r.lk_id !== null && r.lk_id !== undefined
      ? {
          id: String(r.lk_id),
          companyId: String(r.lk_company_id),
          number: String(r.lk_number).trim(),
          status: String(r.lk_status),
          balance: Number(r.lk_balance),
          holder: String(r.lk_holder),
          bonusPercentBp: num(r.lk_bonus_bp),
          fees: num(r.lk_fees),
          vatBp: num(r.lk_vat_bp),
        }
      : null;
  const paid =
    r && r.lk_prv_txn !== null && r.lk_prv_txn !== undefined
      ? { prvTxn: Number(r.lk_prv_txn), amount: Number(r.lk_paid_amount) }
      : null;
  return { agent, account, paid };
}

/**
 * The agent behind a request: its login and secret (HTTP Basic) must match, and the client address
 * (as the API resolved it, LK_TRUST_PROXY-aware) must be in its allow-list. A disabled agent
 * authenticates (its requests are answered «payment forbidden»). The account the request names is
 * read in the same statement (see lookup); the secret is checked on every request — nothing is
 * cached, so a rotated secret or a disabled agent applies to the very next request.
 */
export async function authenticateAgent(
  ctx: Ctx,
  creds: { login: string; secret: string } | undefined,
  req?: GatewayRequest,
): Promise<AuthenticatedAgent | AgentRefusal> {
  if (!creds) return "no_credentials";
  const command = req?.command?.trim();
  const {
    agent: a,
    account,
    paid,
  } = await lookup(
    ctx,
    creds.login.toLowerCase(),
    accountNumberOf(req),
    command === "check",
    command === "pay" && req?.txn_id && TXN_ID_RE.test(req.txn_id) ? req.txn_id : null,
  );
  // The hash is compared even for an unknown login, so both take the same time.
  const ok = secretMatches(creds.secret, a?.secretHash ?? "0".repeat(64));
  if (!a || !ok) return "bad_credentials";
  if (!sourceAllowed(ctx.ip, a.allowedSources)) return "source_not_allowed";
  return { agent: a, account, paid };
}

export interface GatewayRequest {
  command?: string | undefined;
  txn_id?: string | undefined;
  account?: string | undefined;
  sum?: string | undefined;
  txn_date?: string | undefined;
}

/**
 * One check or pay request of an authenticated agent → the protocol's answer. Never throws for
 * anything the agent sends; an unexpected failure is «temporary error» (the agent retries, and a
 * retried pay is answered from the first).
 */
export async function handleGatewayRequest(
  ctx: Ctx,
  auth: AuthenticatedAgent,
  req: GatewayRequest,
): Promise<GatewayAnswer> {
  const { agent } = auth;
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
  // Read with the agent (authenticateAgent): the number is the one validated above.
  const acc = auth.account?.number === number ? auth.account : null;
  if (!acc) return answer({ result: RESULT.accountNotFound });
  if (acc.status === "closed") return answer({ result: RESULT.forbidden, comment: "Лицевой счёт закрыт" });

  if (command === "check") {
    const recommended = Math.min(recommendedFrom(acc.balance, acc.fees ?? 0, acc.vatBp), PUBLIC_MAX_AMOUNT);
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
  // A repeat of a transaction credited before (the agent's retry after a lost answer) is answered
  // from what the lookup read, without a transaction; one racing its first is left to the claim.
  if (auth.paid) return answer({ result: RESULT.ok, prvTxn: auth.paid.prvTxn, sum: auth.paid.amount });
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
  auth: AuthenticatedAgent,
  req: GatewayRequest,
  onError: (e: unknown) => void,
): Promise<GatewayAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<GatewayAnswer>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({ osmpTxnId: req.txn_id, result: RESULT.temporary, comment: "Тайм-аут, повторите запрос" }),
      auth.agent.timeoutMs,
    );
  });
  const work = handleGatewayRequest(ctx, auth, req).catch((e: unknown): GatewayAnswer => {
    onError(e);
    return { osmpTxnId: req.txn_id, result: RESULT.temporary };
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
