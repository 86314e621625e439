import { invalidField, type UploadFile } from "@lk/core";

/** The `files` parts of a multipart body (one or many) as bytes for the service to check. */
export async function formFiles(value: unknown): Promise<UploadFile[]> {
  if (value === undefined || value === null || value === "") return [];
  const list = Array.isArray(value) ? value : [value];
  const out: UploadFile[] = [];
  for (const [i, f] of list.entries()) {
    if (!(f instanceof File)) {
      throw invalidField(`files.${i}`, "not_a_file", { ru: "Ожидается файл", en: "Expected a file" });
    }
    out.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
  }
  return out;
}

export const isMultipart = (contentType: string | undefined) =>
  (contentType ?? "").toLowerCase().startsWith("multipart/form-data");

/** The body is optional in the OpenAPI sense (two media types); a request without one is a 400. */
export function requireBody(contentType: string | undefined) {
  if (!contentType) {
    throw invalidField("body", "required", {
      ru: "Нужно тело запроса: JSON или multipart/form-data",
      en: "A JSON or multipart/form-data body is required",
    });
  }
}
