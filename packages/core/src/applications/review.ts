import { applicationFiles, applications, companies, users } from "@lk/db";
import { and, desc, eq, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { generateLogin, insertCompany, insertUserWithTemporaryPassword } from "../companies/create-company";
import { type Ctx, requireOperator } from "../context/index";
import { AppError, notFound } from "../errors/index";
import { enqueueMessage } from "../outbox/outbox";
import { newestFirstAfter, newestFirstKey, page } from "../pagination/cursor";
import { toApplicationView } from "./view";

const applicationNotFound = () => notFound({ ru: "Заявка", en: "Application" }, "application_not_found");
/** The outcome in words, never the status code. */
const REVIEWED = {
  approved: { ru: "одобрена", en: "approved" },
  rejected: { ru: "отклонена", en: "rejected" },
} as const;
const alreadyReviewed = (status: "approved" | "rejected") =>
  new AppError(409, "application_already_reviewed", {
    ru: `Заявка уже рассмотрена: ${REVIEWED[status].ru}`,
    en: `The application was already reviewed: ${REVIEWED[status].en}`,
  });

const fileColumns = {
  id: applicationFiles.id,
  fileName: applicationFiles.fileName,
  contentType: applicationFiles.contentType,
  sizeBytes: applicationFiles.sizeBytes,
};

export async function listApplications({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    status?: "pending" | "approved" | "rejected" | undefined;
    limit: number;
    cursor?: string | undefined;
  };
}) {
  requireOperator(ctx);
  const rows = await ctx.db
    .select()
    .from(applications)
    .where(
      and(
        input.status ? eq(applications.status, input.status) : undefined,
        newestFirstAfter(input.cursor, applications.createdAt, applications.id),
      ),
    )
    .orderBy(desc(applications.createdAt), desc(applications.id))
    .limit(input.limit + 1);
  const p = page(rows, input.limit, (r) => newestFirstKey(r.createdAt, r.id));
  return { data: p.data.map((a) => toApplicationView(a, [])), next_cursor: p.next_cursor };
}

export async function getApplication({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  const [app] = await ctx.db.select().from(applications).where(eq(applications.id, input.id));
  if (!app) throw applicationNotFound();
  const files = await ctx.db
    .select(fileColumns)
    .from(applicationFiles)
    .where(eq(applicationFiles.applicationId, app.id));
  return toApplicationView(app, files);
}

export async function getApplicationFile({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; fileId: string };
}) {
  requireOperator(ctx);
  const [file] = await ctx.db
    .select()
    .from(applicationFiles)
    .where(and(eq(applicationFiles.id, input.fileId), eq(applicationFiles.applicationId, input.id)));
  if (!file) throw notFound({ ru: "Файл", en: "File" }, "file_not_found");
  return file;
}

/**
 * Approves an application: creates the company and its first admin with a generated login and a
 * temporary password (valid 72 h). The password is returned once and never stored in clear.
 */
export async function approveApplication({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const reviewer = requireOperator(ctx);
  const now = ctx.now();
  const { tempPasswordTtlHours, scryptN } = ctx.config.auth;
  return ctx.db.transaction(async (tx) => {
    const [app] = await tx.select().from(applications).where(eq(applications.id, input.id)).for("update");
    if (!app) throw applicationNotFound();
    if (app.status !== "pending") throw alreadyReviewed(app.status);
    const [dup] = await tx.select({ id: companies.id }).from(companies).where(eq(companies.inn, app.inn));
    if (dup) {
      throw new AppError(409, "company_exists", {
        ru: `Компания с ИНН ${app.inn} уже подключена к кабинету`,
        en: `A company with INN ${app.inn} already uses the cabinet`,
      });
    }
    const [contactTaken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        sql`lower(${users.email}) = ${app.contactEmail.toLowerCase()} OR ${users.phone} = ${app.contactPhone}`,
      );
    if (contactTaken) {
      throw new AppError(409, "contact_in_use", {
        ru: "E-mail или телефон контактного лица уже принадлежит другому пользователю кабинета; отклоните заявку с просьбой указать другие контакты",
        en: "The contact's e-mail or phone already belongs to another cabinet user; reject the application asking for other contacts",
      });
    }
    const company = await insertCompany(
      tx,
      {
        name: app.companyName,
        inn: app.inn,
        kpp: app.kpp,
        ogrn: app.ogrn,
        legalAddress: app.legalAddress,
        billingSystem: app.billingSystem,
      },
      now,
    );
    const login = await generateLogin(tx, `c${app.inn}`);
    const creds = await insertUserWithTemporaryPassword(
      tx,
      {
        companyId: company.id,
        login,
        fullName: app.contactName,
        role: "admin",
        email: app.contactEmail,
        phone: app.contactPhone,
      },
      { now, ttlHours: tempPasswordTtlHours, scryptN },
    );
    const [updated] = await tx
      .update(applications)
      .set({ status: "approved", companyId: company.id, reviewedAt: now, reviewedBy: reviewer })
      .where(eq(applications.id, app.id))
      .returning();
    await enqueueMessage(
      tx,
      {
        channel: "email",
        recipient: app.contactEmail,
        subject: "Компания подключена к ЛК Бизнес",
        body: `Здравствуйте, ${app.contactName}!\n\nКомпания ${app.companyName} подключена. Договор ${company.contractNumber}.\nВаш логин: ${creds.login}\nВременный пароль придёт отдельным SMS на телефон контактного лица; при первом входе его нужно сменить. Пароль действует ${tempPasswordTtlHours} ч.`,
        kind: "application_approved",
        companyId: company.id,
        userId: creds.userId,
      },
      now,
    );
    // The password goes by a second channel, never in the e-mail with the login: one intercepted
    // message is not enough to sign in.
    await enqueueMessage(
      tx,
      {
        channel: "sms",
        recipient: app.contactPhone,
        body: `ЛК Бизнес: временный пароль ${creds.temporaryPassword} (действует ${tempPasswordTtlHours} ч, при входе смените). Логин отправлен на e-mail.`,
        kind: "temporary_password",
        companyId: company.id,
        userId: creds.userId,
      },
      now,
    );
    await audit(tx, ctx, {
      action: "application.approved",
      companyId: company.id,
      entityType: "application",
      entityId: app.id,
    });
    return {
      application: toApplicationView(updated!, []),
      company: {
        id: company.id,
        name: company.name,
        inn: company.inn,
        contract_number: company.contractNumber,
      },
      admin: {
        user_id: creds.userId,
        login: creds.login,
        temporary_password: creds.temporaryPassword,
        expires_at: creds.expiresAt.toISOString(),
      },
    };
  });
}

export async function rejectApplication({ ctx, input }: { ctx: Ctx; input: { id: string; reason: string } }) {
  const reviewer = requireOperator(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [app] = await tx.select().from(applications).where(eq(applications.id, input.id)).for("update");
    if (!app) throw applicationNotFound();
    if (app.status !== "pending") throw alreadyReviewed(app.status);
    const [updated] = await tx
      .update(applications)
      .set({ status: "rejected", rejectReason: input.reason, reviewedAt: now, reviewedBy: reviewer })
      .where(eq(applications.id, app.id))
      .returning();
    await enqueueMessage(
      tx,
      {
        channel: "email",
        recipient: app.contactEmail,
        subject: "Заявка на подключение к ЛК Бизнес отклонена",
        body: `Здравствуйте, ${app.contactName}!\n\nЗаявка компании ${app.companyName} отклонена.\nПричина: ${input.reason}\nВы можете подать новую заявку.`,
        kind: "application_rejected",
      },
      now,
    );
    await audit(tx, ctx, {
      action: "application.rejected",
      companyId: null,
      entityType: "application",
      entityId: app.id,
      data: { reason: input.reason },
    });
    return toApplicationView(updated!, []);
  });
}
