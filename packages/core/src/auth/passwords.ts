import { randomBytes, randomInt, scrypt, timingSafeEqual } from "node:crypto";
import type { FieldError } from "../errors/index";

// scrypt is memory-hard; the parameters are stored with each hash so the cost can grow later.
const KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEYLEN, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, N: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password.normalize("NFKC"), salt, N, 8, 1);
  return `scrypt$${N}$8$1$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split("$");
  if (alg !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scryptAsync(
    password.normalize("NFKC"),
    Buffer.from(salt, "base64"),
    Number(n),
    Number(r),
    Number(p),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the login does not exist, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (N: number) => {
  dummyHash ??= hashPassword("not-a-real-password", N);
  return dummyHash;
};

// No 0/O/1/l/I: the operator reads temporary passwords out over the phone.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function generateTemporaryPassword(length = 12): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    if (/\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)) return s;
  }
}

/** The password policy: at least 10 characters, not the login, not the temporary password. */
export function checkPasswordPolicy(
  password: string,
  opts: { login: string; field?: string },
): FieldError | null {
  const field = opts.field ?? "new_password";
  if (password.length < 10) {
    return {
      field,
      code: "password_too_short",
      message: {
        ru: "Пароль должен быть не короче 10 символов",
        en: "The password must be at least 10 characters",
      },
    };
  }
  if (password.toLowerCase().includes(opts.login.toLowerCase())) {
    return {
      field,
      code: "password_contains_login",
      message: { ru: "Пароль не должен содержать логин", en: "The password must not contain the login" },
    };
  }
  return null;
}
