import type { applications } from "@lk/db";

type ApplicationRow = typeof applications.$inferSelect;
export interface FileSummary {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export function toApplicationView(a: ApplicationRow, files: FileSummary[]) {
  return {
    id: a.id,
    number: a.number,
    status: a.status,
    company_name: a.companyName,
    inn: a.inn,
    kpp: a.kpp,
    ogrn: a.ogrn,
    legal_address: a.legalAddress,
    billing_system: a.billingSystem,
    contact_name: a.contactName,
    contact_email: a.contactEmail,
    contact_phone: a.contactPhone,
    comment: a.comment,
    reject_reason: a.rejectReason,
    company_id: a.companyId,
    reviewed_at: a.reviewedAt?.toISOString() ?? null,
    created_at: a.createdAt.toISOString(),
    files: files.map((f) => ({
      id: f.id,
      file_name: f.fileName,
      content_type: f.contentType,
      size_bytes: f.sizeBytes,
    })),
  };
}
