import { z } from "@hono/zod-openapi";
import { ListQuery, Timestamp } from "./common";

export const SupportStatus = z
  .enum(["open", "waiting_for_customer", "resolved", "closed"])
  .openapi("SupportStatus");

export const SupportAttachment = z
  .object({
    id: z.string().uuid(),
    file_name: z.string(),
    content_type: z.string(),
    size_bytes: z.number().int(),
  })
  .openapi("SupportAttachment");

export const SupportMessage = z
  .object({
    id: z.string().uuid(),
    author: z.enum(["customer", "operator"]),
    author_name: z.string(),
    text: z.string(),
    attachments: z.array(SupportAttachment),
    created_at: Timestamp,
  })
  .openapi("SupportMessage");

export const SupportRequest = z
  .object({
    id: z.string().uuid(),
    subject: z.string(),
    status: SupportStatus,
    account_id: z.string().uuid().nullable(),
    service_id: z.string().uuid().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("SupportRequest");

export const SupportRequestDetail = SupportRequest.extend({ messages: z.array(SupportMessage) }).openapi(
  "SupportRequestDetail",
);
export const OperatorSupportRequest = SupportRequestDetail.extend({ company_id: z.string().uuid() }).openapi(
  "OperatorSupportRequest",
);

export const CreateSupportRequest = z
  .object({
    subject: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(10000),
    account_id: z.string().uuid().optional(),
    service_id: z.string().uuid().optional(),
  })
  .strict()
  .openapi("CreateSupportRequest");

/** One or more `files` parts; the API checks each (count, size, type by magic bytes). */
const FormFiles = z
  .any()
  .optional()
  .openapi({
    type: "array",
    items: { type: "string", format: "binary" },
    description: "Up to 5 files, ≤ 5 MB each: pdf, png, jpeg, txt",
  });
export const CreateSupportRequestForm = z
  .object({
    subject: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(10000),
    account_id: z.string().uuid().optional(),
    service_id: z.string().uuid().optional(),
    files: FormFiles,
  })
  .openapi("CreateSupportRequestForm");

export const SupportReply = z
  .object({ text: z.string().trim().min(1).max(10000) })
  .strict()
  .openapi("SupportReply");
export const SupportReplyForm = z
  .object({ text: z.string().trim().min(1).max(10000), files: FormFiles })
  .openapi("SupportReplyForm");

export const OperatorSupportAnswer = z
  .object({
    text: z.string().trim().min(1).max(10000),
    status: SupportStatus.optional().openapi({ description: "Default waiting_for_customer" }),
  })
  .strict()
  .openapi("OperatorSupportAnswer");

export const SupportStatusChange = z
  .object({ status: SupportStatus })
  .strict()
  .openapi("SupportStatusChange");

export const SupportListQuery = ListQuery.extend({
  status: SupportStatus.optional(),
  account_id: z.string().uuid().optional(),
});
export const OperatorSupportListQuery = ListQuery.extend({
  status: SupportStatus.optional(),
  company_id: z.string().uuid().optional(),
});
