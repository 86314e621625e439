import { companies, users } from "@lk/db";
import { eq } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { unauthorized } from "../errors/index";

/** The signed-in user and their company, for the portal's header and the SDK's `auth.me()`. */
export async function getMe({ ctx }: { ctx: Ctx }) {
  const p = ctx.principal;
  if (p.type !== "user") throw unauthorized();
  const [row] = await ctx.db
    .select({ user: users, company: companies })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.id, p.userId));
  if (!row) throw unauthorized();
  const { user, company } = row;
  return {
    id: user.id,
    login: user.login,
    email: user.email,
    phone: user.phone,
    full_name: user.fullName,
    role: user.role,
    password_change_required: p.passwordChangeOnly,
    group_ids: p.groupIds,
    company: {
      id: company.id,
      name: company.name,
      inn: company.inn,
      kpp: company.kpp,
      billing_system: company.billingSystem,
      contract_number: company.contractNumber,
    },
  };
}
