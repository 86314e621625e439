import { accountGroups, accounts, type Connection, companies, type Tx, type UserRole, users } from "@lk/db";
import { eq } from "drizzle-orm";
import { hashPassword } from "../auth/passwords";
import { insertCompany } from "../companies/create-company";
import { demoExtensions } from "./extensions";

/** Demo credentials: printed at start and listed in README.md. Never used outside the demo company. */
export const DEMO_USERS: {
  login: string;
  password: string;
  role: UserRole;
  fullName: string;
  email: string;
}[] = [
  {
    login: "demo-admin",
    password: "Demo-Admin-2026",
    role: "admin",
    fullName: "Смирнова Ольга Петровна",
    email: "admin@romashka.example",
  },
  {
    login: "demo-buh",
    password: "Demo-Buh-2026",
    role: "accountant",
    fullName: "Кузнецова Марина Игоревна",
    email: "buh@romashka.example",
  },
  {
    login: "demo-viewer",
    password: "Demo-Viewer-2026",
    role: "viewer",
    fullName: "Орлов Павел Андреевич",
    email: "viewer@romashka.example",
  },
];

export const DEMO_INN = "7736207543";

const GROUPS: { name: string; costCenter: string; parent?: string; region: string; accounts: number }[] = [
  { name: "Головной офис", costCenter: "CC-100", region: "77", accounts: 6 },
  { name: "Склады", costCenter: "CC-200", region: "50", accounts: 4 },
  { name: "Филиалы", costCenter: "CC-300", region: "78", accounts: 0 },
  { name: "Санкт-Петербург", costCenter: "CC-310", parent: "Филиалы", region: "78", accounts: 5 },
  { name: "Казань", costCenter: "CC-320", parent: "Филиалы", region: "16", accounts: 5 },
];

export interface DemoResult {
  created: boolean;
  companyId: string;
  companyName: string;
  inn: string;
  accounts: number;
}

/**
 * The demo company «Ромашка» with nested groups, 20 personal accounts and three users (admin,
 * accountant, viewer) with known passwords. Idempotent: a second call finds it and returns.
 */
export async function seedDemo(conn: Connection, opts: { scryptN: number; now: Date }): Promise<DemoResult> {
  const [existing] = await conn.db.select().from(companies).where(eq(companies.inn, DEMO_INN));
  if (existing) {
    const n = await conn.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.companyId, existing.id));
    return {
      created: false,
      companyId: existing.id,
      companyName: existing.name,
      inn: existing.inn,
      accounts: n.length,
    };
  }
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password, opts.scryptN)));
  return conn.db.transaction(async (tx) => {
    const company = await insertCompany(
      tx,
      {
        name: "ООО «Ромашка»",
        inn: DEMO_INN,
        kpp: "773601001",
        ogrn: "1027700132195",
        legalAddress: "117312, г. Москва, ул. Вавилова, д. 19",
        billingSystem: "advance",
      },
      opts.now,
    );
    await tx.insert(users).values(
      DEMO_USERS.map((u, i) => ({
        companyId: company.id,
        login: u.login,
        fullName: u.fullName,
        role: u.role,
        email: u.email,
        passwordHash: hashes[i]!,
        mustChangePassword: false,
        createdAt: opts.now,
        updatedAt: opts.now,
      })),
    );
    const count = await seedGroupsAndAccounts(tx, company.id, opts.now);
    for (const extend of demoExtensions) await extend(tx, { companyId: company.id, now: opts.now });
    return {
      created: true,
      companyId: company.id,
      companyName: company.name,
      inn: company.inn,
      accounts: count,
    };
  });
}

async function seedGroupsAndAccounts(tx: Tx, companyId: string, now: Date): Promise<number> {
  const ids = new Map<string, string>();
  let seq = 1;
  for (const g of GROUPS) {
    const [row] = await tx
      .insert(accountGroups)
      .values({
        companyId,
        name: g.name,
        costCenter: g.costCenter,
        parentId: g.parent ? ids.get(g.parent)! : null,
        createdAt: now,
      })
      .returning({ id: accountGroups.id });
    ids.set(g.name, row!.id);
    for (let i = 0; i < g.accounts; i++, seq++) {
      await tx.insert(accounts).values({
        companyId,
        number: `${g.region}0000${String(seq).padStart(6, "0")}`.slice(0, 12).padEnd(12, "0"),
        region: g.region,
        groupId: row!.id,
        contractNumber: `Д-${1000 + seq}`,
        address: `${g.name}, помещение ${seq}`,
        contactEmail: "buh@romashka.example",
        createdAt: now,
      });
    }
  }
  return seq - 1;
}
