import { documentRecipients, type Queryable } from "@lk/db";
import { inArray } from "drizzle-orm";

/** The e-mail addresses each company chose for its documents (companies without any are absent). */
export async function recipientsOf(db: Queryable, companyIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (companyIds.length === 0) return map;
  const r = await db
    .select({ companyId: documentRecipients.companyId, email: documentRecipients.email })
    .from(documentRecipients)
    .where(inArray(documentRecipients.companyId, [...new Set(companyIds)]));
  for (const x of r) map.set(x.companyId, [...(map.get(x.companyId) ?? []), x.email]);
  return map;
}
