import { type Queryable, webhookEndpoints } from "@lk/db";
import { and, eq, isNull } from "drizzle-orm";
import { endpointNotFound } from "./errors";

/** The company's endpoint (not deleted), or 404: another company's endpoint does not exist for you. */
export async function loadEndpoint(q: Queryable, companyId: string, id: string, forUpdate = false) {
  const query = q
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, id),
        eq(webhookEndpoints.companyId, companyId),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw endpointNotFound();
  return row;
}
