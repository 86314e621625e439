import { createHash } from "node:crypto";
import type { FieldError } from "../errors/index";

export const MAX_FILES = 10;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

// The declared type is only a hint from the browser; the first bytes must agree with it.
const signatures: { type: string; ext: string[]; magic: number[] }[] = [
  { type: "application/pdf", ext: ["pdf"], magic: [0x25, 0x50, 0x44, 0x46] },
  { type: "image/jpeg", ext: ["jpg", "jpeg"], magic: [0xff, 0xd8, 0xff] },
  { type: "image/png", ext: ["png"], magic: [0x89, 0x50, 0x4e, 0x47] },
];

export const allowedTypesText = "PDF, JPEG, PNG";

/** Checks count, size and real type of uploaded documents; returns field errors naming each bad file. */
export function checkFiles(files: UploadedFile[], field = "files"): FieldError[] {
  const errors: FieldError[] = [];
  if (files.length > MAX_FILES) {
    errors.push({
      field,
      code: "too_many_files",
      message: { ru: `Не больше ${MAX_FILES} файлов`, en: `At most ${MAX_FILES} files` },
    });
  }
  files.forEach((f, i) => {
    const at = `${field}.${i}`;
    if (f.bytes.length === 0) {
      errors.push({
        field: at,
        code: "empty_file",
        message: { ru: `Файл «${f.name}» пуст`, en: `File "${f.name}" is empty` },
      });
      return;
    }
    if (f.bytes.length > MAX_FILE_BYTES) {
      errors.push({
        field: at,
        code: "file_too_large",
        message: { ru: `Файл «${f.name}» больше 5 МБ`, en: `File "${f.name}" is larger than 5 MB` },
      });
      return;
    }
    const sig = signatures.find((s) => s.magic.every((b, j) => f.bytes[j] === b));
    if (!sig) {
      errors.push({
        field: at,
        code: "unsupported_file_type",
        message: {
          ru: `Файл «${f.name}»: допустимы только ${allowedTypesText}`,
          en: `File "${f.name}": only ${allowedTypesText} are accepted`,
        },
      });
    }
  });
  return errors;
}

/** The type we store is the one the content proves, not the one the client declared. */
export function detectedType(bytes: Uint8Array): string {
  return signatures.find((s) => s.magic.every((b, j) => bytes[j] === b))?.type ?? "application/octet-stream";
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Keeps a file name printable and short; paths and control characters are dropped. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  const cleaned = [...base].filter((ch) => ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) !== 127).join("");
  return cleaned.slice(0, 200) || "file";
}
