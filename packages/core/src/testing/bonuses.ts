import type { Queryable } from "@lk/db";
import { postBonus } from "../bonuses/journal";

/** Credits a company's bonus balance by an operator's adjustment, as tests set up a bonus payment. */
export const grantTestBonus = (
  db: Queryable,
  companyId: string,
  amount: number,
  now: Date,
  description = "test",
) => db.transaction((tx) => postBonus(tx, { companyId, kind: "adjustment", amount, description, now }));
