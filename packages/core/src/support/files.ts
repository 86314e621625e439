import { createHash } from "node:crypto";
import { invalidField } from "../errors/index";

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
}
export interface CheckedFile {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  content: Uint8Array;
}

export const SUPPORT_MAX_FILES = 5;
export const SUPPORT_MAX_FILE_BYTES = 5 * 1024 * 1024;

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** The type the bytes really are (the client's Content-Type and file name are not trusted). */
function sniff(bytes: Uint8Array, name: string): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (/\.txt$/i.test(name) && !bytes.includes(0)) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      return "text/plain; charset=utf-8";
    } catch {
      return null;
    }
  }
  return null;
}

/** Up to 5 files of at most 5 MB: PDF, PNG, JPEG or UTF-8 text, checked by their magic bytes. */
export function checkSupportFiles(files: UploadFile[]): CheckedFile[] {
  if (files.length > SUPPORT_MAX_FILES) {
    throw invalidField("files", "too_many_files", { ru: "Не больше 5 файлов", en: "At most 5 files" });
  }
  return files.map((f, i) => {
    if (f.bytes.length === 0 || f.bytes.length > SUPPORT_MAX_FILE_BYTES) {
      throw invalidField(`files.${i}`, "file_size", {
        ru: "Файл пустой или больше 5 МБ",
        en: "The file is empty or larger than 5 MB",
      });
    }
    const contentType = sniff(f.bytes, f.name);
    if (!contentType) {
      throw invalidField(`files.${i}`, "file_type", {
        ru: "Допустимы файлы PDF, PNG, JPEG и TXT",
        en: "Allowed files: PDF, PNG, JPEG and TXT",
      });
    }
    const fileName = f.name.replace(/[\\/\r\n"]/g, "_").slice(-200) || `file-${i + 1}`;
    return {
      fileName,
      contentType,
      sizeBytes: f.bytes.length,
      sha256: createHash("sha256").update(f.bytes).digest("hex"),
      content: f.bytes,
    };
  });
}
