import { createHash, randomBytes } from "node:crypto";
import { applicationFiles, applications } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { invalidField, notFound, rateLimited } from "../errors/index";
import { hitRateLimit } from "../ratelimit/ratelimit";

// What a public applicant may see of an application (ADR 0086): its number, status, dates, the
// company's name and ИНН, the documents' names and a reject reason — never the contacts in full,
// the operator's notes, the company id or the files' content. Asked for by the secret of the
// status link, or by the number together with the contact e-mail; a miss of either kind is the same
// 404, and lookups are limited per address so numbers cannot be walked.

const hashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

export function newStatusToken() {
  const secret = randomBytes(24).toString("base64url");
  return { secret, hash: hashOf(secret) };
}

const notFoundApp = () => notFound({ ru: "Заявка", en: "Application" }, "application_not_found");

/** «ivanov@vector.ru» → «iv•••@vector.ru»: enough to recognise, not to harvest. */
const maskEmail = (e: string) => {
  const [user = "", domain = ""] = e.split("@");
  return `${user.slice(0, 2)}•••@${domain}`;
};

export async function applicationStatus({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { token?: string | undefined; number?: number | undefined; email?: string | undefined };
}) {
  if (!input.token && (input.number === undefined || !input.email)) {
    throw invalidField(input.number === undefined ? "number" : "email", "required", {
      ru: "Укажите номер заявки и e-mail контактного лица (или откройте ссылку из письма)",
      en: "Give the application number and the contact e-mail (or open the link from the e-mail)",
    });
  }
  if (ctx.ip) {
    const limit = await hitRateLimit(ctx.db, `applications:status:${ctx.ip}`, 30, 600, ctx.now());
    if (!limit.allowed) throw rateLimited(limit.retryAfterSec);
  }
  const where = input.token
    ? eq(applications.statusTokenHash, hashOf(input.token))
    : and(
        eq(applications.number, input.number!),
        sql`lower(${applications.contactEmail}) = ${input.email!.trim().toLowerCase()}`,
      );
  const [app] = await ctx.db.select().from(applications).where(where);
  if (!app) throw notFoundApp();
  const files = await ctx.db
    .select({ fileName: applicationFiles.fileName, sizeBytes: applicationFiles.sizeBytes })
    .from(applicationFiles)
    .where(eq(applicationFiles.applicationId, app.id));
  return {
    number: app.number,
    status: app.status,
    company_name: app.companyName,
    inn: app.inn,
    contact_email: maskEmail(app.contactEmail),
    reject_reason: app.rejectReason,
    created_at: app.createdAt.toISOString(),
    reviewed_at: app.reviewedAt?.toISOString() ?? null,
    files: files.map((f) => ({ file_name: f.fileName, size_bytes: f.sizeBytes })),
  };
}
