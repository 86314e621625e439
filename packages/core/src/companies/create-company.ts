import { randomInt } from "node:crypto";
import { companies, type Tx, type UserRole, users } from "@lk/db";
import { sql } from "drizzle-orm";
import { generateTemporaryPassword, hashPassword } from "../auth/passwords";

export interface NewCompany {
  name: string;
  inn: string;
  kpp?: string | null;
  ogrn?: string | null;
  legalAddress: string;
  billingSystem?: "advance" | "credit";
}

/** Contract numbers look like the operator's: ЛК-<year>-<6 digits>. */
async function nextContractNumber(tx: Tx, now: Date): Promise<string> {
  for (;;) {
    const candidate = `LK-${now.getUTCFullYear()}-${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
    const taken = await tx.execute(sql`SELECT 1 FROM companies WHERE contract_number = ${candidate}`);
    const n = Array.isArray(taken) ? taken.length : ((taken as { rows?: unknown[] }).rows?.length ?? 0);
    if (n === 0) return candidate;
  }
}

export async function insertCompany(tx: Tx, input: NewCompany, now: Date) {
  const [company] = await tx
    .insert(companies)
    .values({
      name: input.name,
      inn: input.inn,
      kpp: input.kpp ?? null,
      ogrn: input.ogrn ?? null,
      legalAddress: input.legalAddress,
      billingSystem: input.billingSystem ?? "advance",
      contractNumber: await nextContractNumber(tx, now),
      contractDate: now.toISOString().slice(0, 10),
      createdAt: now,
    })
    .returning();
  return company!;
}

export interface NewUser {
  companyId: string;
  login: string;
  fullName: string;
  role: UserRole;
  email?: string | null;
  phone?: string | null;
}

export interface IssuedCredentials {
  userId: string;
  login: string;
  /** Shown once; only its hash is stored. */
  temporaryPassword: string;
  expiresAt: Date;
}

/** Creates a user with a temporary password that must be changed at first sign-in. */
export async function insertUserWithTemporaryPassword(
  tx: Tx,
  input: NewUser,
  opts: { now: Date; ttlHours: number; scryptN: number },
): Promise<IssuedCredentials> {
  const temporaryPassword = generateTemporaryPassword();
  const expiresAt = new Date(opts.now.getTime() + opts.ttlHours * 3_600_000);
  const [user] = await tx
    .insert(users)
    .values({
      companyId: input.companyId,
      login: input.login.toLowerCase(),
      fullName: input.fullName,
      role: input.role,
      email: input.email ?? null,
      phone: input.phone ?? null,
      passwordHash: await hashPassword(temporaryPassword, opts.scryptN),
      mustChangePassword: true,
      tempPasswordExpiresAt: expiresAt,
      createdAt: opts.now,
      updatedAt: opts.now,
    })
    .returning({ id: users.id, login: users.login });
  return { userId: user!.id, login: user!.login, temporaryPassword, expiresAt };
}

/** A login nobody has yet: a prefix from the company plus digits, easy to read out on the phone. */
export async function generateLogin(tx: Tx, prefix: string): Promise<string> {
  const base =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 12) || "lk";
  for (;;) {
    const login = `${base}-${randomInt(1000, 100000)}`;
    const taken = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`${users.login} = ${login}`)
      .limit(1);
    if (taken.length === 0) return login;
  }
}
