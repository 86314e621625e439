import { z } from "@hono/zod-openapi";
import { Email, Inn, Kpp, Ogrn, Phone, Timestamp } from "./common";

const optionalText = (s: z.ZodString) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());

export const ApplicationFields = z.object({
  company_name: z.string().trim().min(2).max(300).openapi({ example: "ООО «Ромашка»" }),
  inn: Inn,
  kpp: optionalText(z.string()).pipe(Kpp.optional()),
  ogrn: optionalText(z.string()).pipe(Ogrn.optional()),
  legal_address: z.string().trim().min(5).max(500),
  billing_system: z
    .enum(["advance", "credit"])
    .default("advance")
    .openapi({ description: "advance: pay ahead; credit: billed after the month" }),
  contact_name: z.string().trim().min(2).max(200),
  contact_email: Email,
  contact_phone: Phone,
  comment: optionalText(z.string().max(2000)),
});

export const ApplicationRequestJson = ApplicationFields.openapi("ApplicationRequest");

const FileUpload = z.custom<File>((v) => v instanceof File).openapi({ type: "string", format: "binary" });
export const ApplicationRequestForm = ApplicationFields.extend({
  files: z
    .preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(FileUpload))
    .openapi({ description: "Up to 10 documents (PDF, JPEG, PNG), 5 MB each; repeat the `files` field" }),
}).openapi("ApplicationRequestForm");

export const ApplicationFile = z
  .object({
    id: z.string().uuid(),
    file_name: z.string(),
    content_type: z.string(),
    size_bytes: z.number().int(),
  })
  .openapi("ApplicationFile");

export const Application = z
  .object({
    id: z.string().uuid(),
    number: z.number().int().openapi({ description: "The number people read and quote", example: 1001 }),
    status: z.enum(["pending", "approved", "rejected"]),
    company_name: z.string(),
    inn: z.string(),
    kpp: z.string().nullable(),
    ogrn: z.string().nullable(),
    legal_address: z.string(),
    billing_system: z.enum(["advance", "credit"]),
    contact_name: z.string(),
    contact_email: z.string(),
    contact_phone: z.string(),
    comment: z.string().nullable(),
    reject_reason: z.string().nullable(),
    company_id: z.string().uuid().nullable(),
    reviewed_at: Timestamp.nullable(),
    created_at: Timestamp,
    files: z.array(ApplicationFile),
  })
  .openapi("Application");

export const SubmittedApplication = Application.extend({
  status_token: z.string().openapi({
    description:
      "The secret of the applicant's status link (`/apply/status?token=…`); shown once here and in the e-mail, only its hash is kept",
  }),
}).openapi("SubmittedApplication");

export const ApplicationStatusRequest = z
  .object({
    token: z.string().trim().min(10).max(100).optional().openapi({ description: "From the status link" }),
    number: z.coerce.number().int().min(1).max(1e12).optional().openapi({ example: 1001 }),
    email: z
      .string()
      .trim()
      .max(320)
      .optional()
      .openapi({ description: "The contact e-mail of the application" }),
  })
  .strict()
  .openapi("ApplicationStatusRequest");

export const ApplicationStatus = z
  .object({
    number: z.number().int(),
    status: z.enum(["pending", "approved", "rejected"]),
    company_name: z.string(),
    inn: z.string(),
    contact_email: z.string().openapi({ description: "Masked: «iv•••@vector.ru»" }),
    reject_reason: z.string().nullable(),
    created_at: Timestamp,
    reviewed_at: Timestamp.nullable(),
    files: z.array(z.object({ file_name: z.string(), size_bytes: z.number().int() })),
  })
  .openapi("ApplicationStatus");

export const ApplicationListQuery = z.object({
  status: z.enum(["pending", "approved", "rejected"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(500).optional(),
});

export const IssuedCredentials = z
  .object({
    user_id: z.string().uuid(),
    login: z.string(),
    temporary_password: z.string().openapi({ description: "Shown once. Must be changed at first sign-in." }),
    expires_at: Timestamp,
  })
  .openapi("IssuedCredentials");

export const ApprovalResult = z
  .object({
    application: Application,
    company: z.object({
      id: z.string().uuid(),
      name: z.string(),
      inn: z.string(),
      contract_number: z.string(),
    }),
    admin: IssuedCredentials,
  })
  .openapi("ApprovalResult");

export const RejectRequest = z
  .object({ reason: z.string().trim().min(3).max(1000) })
  .openapi("RejectApplicationRequest");
