import { L } from "./i18n";

// The API's own rules (packages/contracts), checked as the user types so errors appear before a
// round trip. The server still decides; its field errors are shown the same way.

export type Check = (v: string) => string | null;

export const required: Check = (v) => (v.trim() ? null : L("Заполните поле", "Required"));

/** auth: at least 10 characters, not containing the login, different from the current one. */
export function newPassword(v: string, login: string, current?: string): string | null {
  if (v.length < 10) return L("Не короче 10 символов", "At least 10 characters");
  if (login && v.toLowerCase().includes(login.toLowerCase()))
    return L("Пароль не должен содержать логин", "The password must not contain the login");
  if (current !== undefined && v === current)
    return L("Новый пароль должен отличаться от текущего", "Must differ from the current password");
  return null;
}

export const email: Check = (v) =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : L("Неверный адрес e-mail", "Invalid e-mail address");

/** Any Russian spelling of a phone number: +7…, 8…, with spaces, dashes, brackets. */
export const phone: Check = (v) => {
  if (!v.trim()) return null;
  const d = v.replace(/\D/g, "");
  return /^[78]\d{10}$/.test(d) || /^9\d{9}$/.test(d)
    ? null
    : L("Телефон в формате +7 XXX XXX-XX-XX", "Phone like +7 XXX XXX-XX-XX");
};

export const period: Check = (v) =>
  /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : L("Период в формате ГГГГ-ММ", "Period as YYYY-MM");

export const httpsUrl: Check = (v) => {
  try {
    const u = new URL(v);
    return u.protocol === "https:" || u.hostname === "localhost"
      ? null
      : L("Нужен адрес https://", "Use an https:// URL");
  } catch {
    return L("Неверный адрес", "Invalid URL");
  }
};

/** A valid Russian phone in the API's form +7XXXXXXXXXX. */
export const normPhone = (v: string): string => {
  const d = v.replace(/\D/g, "");
  return d.length === 10 ? `+7${d}` : `+7${d.slice(1)}`;
};
