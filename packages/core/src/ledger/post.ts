import { randomUUID } from "node:crypto";
import { accounts, insertRecordset, type LedgerKind, ledgerEntries, rows, type Tx } from "@lk/db";
import { eq, sql } from "drizzle-orm";
import { AppError } from "../errors/index";

export interface LedgerLine {
  accountId: string;
  kind: LedgerKind;
  /** Kopecks; positive raises the balance, negative lowers it. Never zero. */
  amount: number;
  description: string;
  refType?: string;
  refId?: string;
  effectiveAt?: Date;
}

export interface PostOptions {
  now: Date;
  /** Groups the lines of one operation (a transfer's two sides, a payment over many accounts). */
  operationId?: string;
  /** Refuse lines that take an account below its min_balance (customer-initiated debits). */
  enforceMinBalance?: boolean;
}

export interface PostedEntry {
  id: number;
  accountId: string;
  amount: number;
  balanceAfter: number;
}

export const insufficientFunds = (accountNumber: string) =>
  new AppError(409, "insufficient_funds", {
    ru: `Недостаточно средств на лицевом счёте ${accountNumber}`,
    en: `Insufficient funds on account ${accountNumber}`,
  });

/** An account as the ledger left it (locked until the caller's transaction ends). */
export interface PostedAccount {
  id: string;
  status: string;
  balance: number;
  minBalance: number;
}

/**
 * The only way money moves. Locks the accounts (in id order, so concurrent operations cannot
 * deadlock), appends the entries and updates each cached balance in the caller's transaction —
 * so balance always equals the sum of the account's entries.
 */
export async function postLedger(tx: Tx, lines: LedgerLine[], opts: PostOptions): Promise<PostedEntry[]> {
  return (await postLedgerDetailed(tx, lines, opts)).entries;
}

/** postLedger, also returning each account's status and new balance (read under its lock). */
export async function postLedgerDetailed(
  tx: Tx,
  lines: LedgerLine[],
  opts: PostOptions,
): Promise<{ entries: PostedEntry[]; accounts: PostedAccount[] }> {
  if (lines.length === 0) return { entries: [], accounts: [] };
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amount) || l.amount === 0) throw new Error(`ledger: bad amount ${l.amount}`);
  }
  const ids = [...new Set(lines.map((l) => l.accountId))].sort();
  if (ids.length === 1 && !opts.enforceMinBalance && lines.length < BULK_LINES)
    return postOneAccount(tx, ids[0]!, lines, opts);
  const locked = await tx
    .select({
      id: accounts.id,
      companyId: accounts.companyId,
      balance: accounts.balance,
      minBalance: accounts.minBalance,
      number: accounts.number,
      status: accounts.status,
    })
    .from(accounts)
    .where(sql`${accounts.id} = ANY(${`{${ids.join(",")}}`}::uuid[])`)
    .orderBy(accounts.id)
    // FOR NO KEY UPDATE, not FOR UPDATE: it serialises balance changes just the same, but does not
    // block the FOR KEY SHARE locks that foreign-key checks take (a new payment item or call row
    // referencing the account would otherwise wait for this whole transaction).
    .for("no key update");
  if (locked.length !== ids.length) throw new Error("ledger: unknown account");
  const byId = new Map(locked.map((a) => [a.id, { ...a }]));

  const operationId = opts.operationId ?? randomUUID();
  const values: EntryValues[] = lines.map((l) => {
    const acc = byId.get(l.accountId)!;
    acc.balance += l.amount;
    if (opts.enforceMinBalance && l.amount < 0 && acc.balance < acc.minBalance)
      throw insufficientFunds(acc.number);
    return {
      companyId: acc.companyId,
      accountId: l.accountId,
      operationId,
      kind: l.kind,
      amount: l.amount,
      balanceAfter: acc.balance,
      refType: l.refType ?? null,
      refId: l.refId ?? null,
      description: l.description,
      effectiveAt: l.effectiveAt ?? opts.now,
      createdAt: opts.now,
    };
  });
  const inserted =
    values.length >= BULK_LINES
      ? await insertEntriesBulk(tx, values)
      : await tx.insert(ledgerEntries).values(values).returning({
          id: ledgerEntries.id,
          accountId: ledgerEntries.accountId,
          amount: ledgerEntries.amount,
          balanceAfter: ledgerEntries.balanceAfter,
        });
  await updateBalances(tx, [...byId.values()]);
  return {
    entries: inserted,
    accounts: [...byId.values()].map((a) => ({
      id: a.id,
      status: a.status,
      balance: a.balance,
      minBalance: a.minBalance,
    })),
  };
}

/**
 * One account, no minimum to enforce (a payment, most charges): one statement. The UPDATE that
 * moves the balance takes the row lock (the same FOR NO KEY UPDATE lock as above), and the entries
 * are inserted from its RETURNING, each line's running balance being the new balance minus the
 * lines after it. Nothing else of the account is read first, so the lock is held from this
 * statement to the commit only.
 */
async function postOneAccount(
  tx: Tx,
  accountId: string,
  lines: LedgerLine[],
  opts: PostOptions,
): Promise<{ entries: PostedEntry[]; accounts: PostedAccount[] }> {
  const delta = lines.reduce((s, l) => s + l.amount, 0);
  // What the lines after each one add: its balance_after is the new balance minus that.
  let upTo = 0;
  const later = lines.map((l) => {
    upTo += l.amount;
    return delta - upTo;
  });
  const operationId = opts.operationId ?? randomUUID();
  const now = opts.now.toISOString();
  const values = sql.join(
    lines.map(
      (l, n) =>
        sql`(${n}::int, ${l.kind}, ${l.amount}::bigint, ${later[n]!}::bigint, ${l.refType ?? null}, ${l.refId ?? null}, ${l.description}, ${(l.effectiveAt ?? opts.now).toISOString()}::timestamptz)`,
    ),
    sql`, `,
  );
  const got = await rows<{
    id: string | number;
    amount: string | number;
    balance_after: string | number;
    status: string;
    balance: string | number;
    min_balance: string | number;
  }>(
    tx,
    sql`WITH u AS (
          UPDATE ${accounts} SET balance = balance + ${delta}::bigint WHERE id = ${accountId}::uuid
          RETURNING id, company_id, balance, min_balance, status
        ),
        e AS (
          INSERT INTO ${ledgerEntries} (company_id, account_id, operation_id, kind, amount, balance_after, ref_type, ref_id, description, effective_at, created_at)
          SELECT u.company_id, u.id, ${operationId}::uuid, v.kind, v.amount, u.balance - v.later, v.ref_type, v.ref_id, v.description, v.effective_at, ${now}::timestamptz
          FROM u, (VALUES ${values}) AS v(n, kind, amount, later, ref_type, ref_id, description, effective_at)
          ORDER BY v.n
          RETURNING id, amount, balance_after
        )
        SELECT e.id, e.amount, e.balance_after, u.status, u.balance, u.min_balance FROM e, u ORDER BY e.id`,
  );
  if (got.length !== lines.length) throw new Error("ledger: unknown account");
  const first = got[0]!;
  return {
    entries: got.map((r) => ({
      id: Number(r.id),
      accountId,
      amount: Number(r.amount),
      balanceAfter: Number(r.balance_after),
    })),
    accounts: [
      {
        id: accountId,
        status: first.status,
        balance: Number(first.balance),
        minBalance: Number(first.min_balance),
      },
    ],
  };
}

/** From this many lines on (a billing batch), entries go in as one JSON recordset. */
const BULK_LINES = 50;

type EntryValues = {
  companyId: string;
  accountId: string;
  operationId: string;
  kind: LedgerKind;
  amount: number;
  balanceAfter: number;
  refType: string | null;
  refId: string | null;
  description: string;
  effectiveAt: Date;
  createdAt: Date;
};

/** The same rows as the drizzle insert, built with one JSON.stringify instead of per-value SQL chunks. */
async function insertEntriesBulk(tx: Tx, values: EntryValues[]): Promise<PostedEntry[]> {
  const got = await insertRecordset<{
    id: string | number;
    account_id: string;
    amount: string | number;
    balance_after: string | number;
  }>(
    tx,
    "ledger_entries",
    {
      company_id: "uuid",
      account_id: "uuid",
      operation_id: "uuid",
      kind: "text",
      amount: "bigint",
      balance_after: "bigint",
      ref_type: "text",
      ref_id: "text",
      description: "text",
      effective_at: "timestamptz",
      created_at: "timestamptz",
    },
    values.map((v) => ({
      company_id: v.companyId,
      account_id: v.accountId,
      operation_id: v.operationId,
      kind: v.kind,
      amount: v.amount,
      balance_after: v.balanceAfter,
      ref_type: v.refType,
      ref_id: v.refId,
      description: v.description,
      effective_at: v.effectiveAt,
      created_at: v.createdAt,
    })),
    "id, account_id, amount, balance_after",
  );
  return got.map((r) => ({
    id: Number(r.id),
    accountId: r.account_id,
    amount: Number(r.amount),
    balanceAfter: Number(r.balance_after),
  }));
}

/**
 * Sets the cached balances of already-locked accounts in one statement. Many rows travel as two
 * arrays (two bind values): a VALUES list of 2 000 rows (a billing batch) was 4 000 parameters
 * for drizzle to build and PostgreSQL to parse on every batch.
 */
export async function updateBalances(tx: Tx, rows: { id: string; balance: number }[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length === 1) {
    await tx.update(accounts).set({ balance: rows[0]!.balance }).where(eq(accounts.id, rows[0]!.id));
    return;
  }
  const ids = `{${rows.map((r) => r.id).join(",")}}`;
  const balances = `{${rows.map((r) => r.balance).join(",")}}`;
  await tx.execute(
    sql`UPDATE accounts AS a SET balance = v.balance
          FROM unnest(${ids}::uuid[], ${balances}::bigint[]) AS v(id, balance) WHERE a.id = v.id`,
  );
}
