import { randomInt } from "node:crypto";
import { accountGroups, accounts, type Connection, type UserRole, userGroups, users } from "@lk/db";
import { hashPassword } from "../auth/passwords";
import { insertCompany } from "../companies/create-company";

// Builders for tests: real rows through the real schema, nothing faked. Each call makes a fresh
// company with unique INN, logins and account numbers, so test files never collide.

export const TEST_PASSWORD = "Correct-Horse-42";

/** A random 10-digit organisation INN with a valid check digit. */
export function randomInn(): string {
  const d = Array.from({ length: 9 }, () => randomInt(10));
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const check = (w.reduce((s, wi, i) => s + wi * d[i]!, 0) % 11) % 10;
  return [...d, check].join("");
}

export const randomAccountNumber = () => `77${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`;

export interface TestUser {
  id: string;
  login: string;
  password: string;
  role: UserRole;
}

export interface TestCompany {
  id: string;
  name: string;
  inn: string;
  admin: TestUser;
  accountant: TestUser;
  viewer: TestUser;
  groups: { id: string; name: string; parentId: string | null }[];
  accounts: { id: string; number: string; groupId: string | null }[];
}

export interface MakeCompanyOptions {
  name?: string;
  billingSystem?: "advance" | "credit";
  /** Accounts per group (two top groups, the second with a subgroup). Default 2. */
  accountsPerGroup?: number;
  now?: Date;
}

let hashCache: Promise<string> | undefined;
const passwordHash = () => {
  hashCache ??= hashPassword(TEST_PASSWORD, 1024);
  return hashCache;
};

export async function makeCompany(conn: Connection, opts: MakeCompanyOptions = {}): Promise<TestCompany> {
  const now = opts.now ?? new Date();
  const hash = await passwordHash();
  const tag = randomInt(100000, 999999);
  return conn.db.transaction(async (tx) => {
    const company = await insertCompany(
      tx,
      {
        name: opts.name ?? `ООО «Тест ${tag}»`,
        inn: randomInn(),
        kpp: "773601001",
        legalAddress: "г. Москва, ул. Тестовая, д. 1",
        billingSystem: opts.billingSystem ?? "advance",
      },
      now,
    );
    const mkUser = async (role: UserRole): Promise<TestUser> => {
      const login = `${role}-${tag}`;
      const [u] = await tx
        .insert(users)
        .values({
          companyId: company.id,
          login,
          fullName: `${role} ${tag}`,
          role,
          email: `${login}@example.test`,
          passwordHash: hash,
          mustChangePassword: false,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id });
      return { id: u!.id, login, password: TEST_PASSWORD, role };
    };
    const admin = await mkUser("admin");
    const accountant = await mkUser("accountant");
    const viewer = await mkUser("viewer");

    const groups = await tx
      .insert(accountGroups)
      .values([
        { companyId: company.id, name: "Москва", costCenter: "CC-100", createdAt: now },
        { companyId: company.id, name: "Регионы", costCenter: "CC-200", createdAt: now },
      ])
      .returning({ id: accountGroups.id, name: accountGroups.name, parentId: accountGroups.parentId });
    const [sub] = await tx
      .insert(accountGroups)
      .values({
        companyId: company.id,
        parentId: groups[1]!.id,
        name: "Казань",
        costCenter: "CC-210",
        createdAt: now,
      })
      .returning({ id: accountGroups.id, name: accountGroups.name, parentId: accountGroups.parentId });
    const allGroups = [...groups, sub!];

    const perGroup = opts.accountsPerGroup ?? 2;
    const values = allGroups.flatMap((g) =>
      Array.from({ length: perGroup }, () => ({
        companyId: company.id,
        number: randomAccountNumber(),
        region: g.name === "Москва" ? "77" : "16",
        groupId: g.id,
        createdAt: now,
      })),
    );
    const accs =
      values.length > 0
        ? await tx
            .insert(accounts)
            .values(values)
            .returning({ id: accounts.id, number: accounts.number, groupId: accounts.groupId })
        : [];
    return {
      id: company.id,
      name: company.name,
      inn: company.inn,
      admin,
      accountant,
      viewer,
      groups: allGroups,
      accounts: accs,
    };
  });
}

/** Limits a user to some groups (they then see only those groups and their subgroups). */
export async function restrictUser(conn: Connection, userId: string, groupIds: string[]) {
  await conn.db.insert(userGroups).values(groupIds.map((groupId) => ({ userId, groupId })));
}
export * from "./bonuses";
export * from "./invoices";
export * from "./ledger";
export * from "./services";
