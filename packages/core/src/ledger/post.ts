import { randomUUID } from "node:crypto";
import { accounts, type LedgerKind, ledgerEntries, type Tx } from "@lk/db";
import { eq, inArray } from "drizzle-orm";
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

/**
 * The only way money moves. Locks the accounts (in id order, so concurrent operations cannot
 * deadlock), appends the entries and updates each cached balance in the caller's transaction —
 * so balance always equals the sum of the account's entries.
 */
export async function postLedger(tx: Tx, lines: LedgerLine[], opts: PostOptions): Promise<PostedEntry[]> {
  if (lines.length === 0) return [];
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amount) || l.amount === 0) throw new Error(`ledger: bad amount ${l.amount}`);
  }
  const ids = [...new Set(lines.map((l) => l.accountId))].sort();
  const locked = await tx
    .select({
      id: accounts.id,
      companyId: accounts.companyId,
      balance: accounts.balance,
      minBalance: accounts.minBalance,
      number: accounts.number,
    })
    .from(accounts)
    .where(inArray(accounts.id, ids))
    .orderBy(accounts.id)
    .for("update");
  if (locked.length !== ids.length) throw new Error("ledger: unknown account");
  const byId = new Map(locked.map((a) => [a.id, { ...a }]));

  const operationId = opts.operationId ?? randomUUID();
  const values = lines.map((l) => {
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
  const inserted = await tx.insert(ledgerEntries).values(values).returning({
    id: ledgerEntries.id,
    accountId: ledgerEntries.accountId,
    amount: ledgerEntries.amount,
    balanceAfter: ledgerEntries.balanceAfter,
  });
  for (const acc of byId.values()) {
    await tx.update(accounts).set({ balance: acc.balance }).where(eq(accounts.id, acc.id));
  }
  return inserted;
}
