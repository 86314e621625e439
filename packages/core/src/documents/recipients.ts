import { documentRecipients } from "@lk/db";
import { asc, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";

/** Who receives new documents by e-mail (admins manage it; anyone who reads documents may see it). */
export async function listDocumentRecipients({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const r = await ctx.db
    .select({ email: documentRecipients.email })
    .from(documentRecipients)
    .where(eq(documentRecipients.companyId, scope.companyId))
    .orderBy(asc(documentRecipients.email));
  return { emails: r.map((x) => x.email) };
}

/** Replaces the list (at most 20 addresses, already normalised by the contract). */
export async function setDocumentRecipients({ ctx, input }: { ctx: Ctx; input: { emails: string[] } }) {
  requirePermission(ctx, "company:manage");
  const scope = companyScope(ctx);
  const emails = [...new Set(input.emails)].sort();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(documentRecipients).where(eq(documentRecipients.companyId, scope.companyId));
    if (emails.length > 0)
      await tx
        .insert(documentRecipients)
        .values(emails.map((email) => ({ companyId: scope.companyId, email, createdAt: ctx.now() })));
    await audit(tx, ctx, { action: "documents.recipients_set", data: { emails } });
  });
  return { emails };
}
