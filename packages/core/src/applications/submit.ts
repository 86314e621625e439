import { applicationFiles, applications } from "@lk/db";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { invalid, rateLimited } from "../errors/index";
import { enqueueMessage } from "../outbox/outbox";
import { hitRateLimit } from "../ratelimit/ratelimit";
import { checkFiles, detectedType, safeFileName, sha256, type UploadedFile } from "./files";
import { checkIdentifiers } from "./identifiers";
import { newStatusToken } from "./status";
import { toApplicationView } from "./view";

export interface ApplicationInput {
  company_name: string;
  inn: string;
  kpp?: string | undefined;
  ogrn?: string | undefined;
  legal_address: string;
  billing_system?: "advance" | "credit" | undefined;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  comment?: string | undefined;
}

/**
 * A company asks to join the cabinet (public, no sign-in). Documents are checked by their real
 * content; the application and its files are stored together or not at all.
 */
export async function submitApplication({
  ctx,
  input,
  files,
}: {
  ctx: Ctx;
  input: ApplicationInput;
  files: UploadedFile[];
}) {
  const fileErrors = [...checkIdentifiers(input), ...checkFiles(files)];
  if (fileErrors.length) throw invalid(fileErrors);
  const now = ctx.now();
  if (ctx.ip) {
    const limit = await hitRateLimit(ctx.db, `applications:ip:${ctx.ip}`, 20, 3600, now);
    if (!limit.allowed) throw rateLimited(limit.retryAfterSec);
  }
  const token = newStatusToken();
  return ctx.db.transaction(async (tx) => {
    const [app] = await tx
      .insert(applications)
      .values({
        statusTokenHash: token.hash,
        companyName: input.company_name,
        inn: input.inn,
        kpp: input.kpp ?? null,
        ogrn: input.ogrn ?? null,
        legalAddress: input.legal_address,
        billingSystem: input.billing_system ?? "advance",
        contactName: input.contact_name,
        contactEmail: input.contact_email,
        contactPhone: input.contact_phone,
        comment: input.comment ?? null,
        createdAt: now,
      })
      .returning();
    const stored =
      files.length === 0
        ? []
        : await tx
            .insert(applicationFiles)
            .values(
              files.map((f) => ({
                applicationId: app!.id,
                fileName: safeFileName(f.name),
                contentType: detectedType(f.bytes),
                sizeBytes: f.bytes.length,
                sha256: sha256(f.bytes),
                content: f.bytes,
                createdAt: now,
              })),
            )
            .returning({
              id: applicationFiles.id,
              fileName: applicationFiles.fileName,
              contentType: applicationFiles.contentType,
              sizeBytes: applicationFiles.sizeBytes,
            });
    await enqueueMessage(
      tx,
      {
        channel: "email",
        recipient: input.contact_email,
        subject: "Заявка на подключение к ЛК Бизнес принята",
        body: `Здравствуйте, ${input.contact_name}!\n\nЗаявка компании ${input.company_name} (ИНН ${input.inn}) принята, № ${app!.number}.\nСтатус заявки: ${statusLink(ctx, token.secret)}\nПосле проверки логин придёт на этот адрес, временный пароль — SMS на телефон контактного лица.`,
        kind: "application_received",
      },
      now,
    );
    await audit(tx, ctx, {
      action: "application.submitted",
      companyId: null,
      entityType: "application",
      entityId: app!.id,
    });
    // The secret is shown once, here and in the e-mail; only its hash is kept.
    return { ...toApplicationView(app!, stored), status_token: token.secret };
  });
}

const statusLink = (ctx: Ctx, secret: string) =>
  `${ctx.config.publicUrl.replace(/\/$/, "")}/apply/status?token=${secret}`;
