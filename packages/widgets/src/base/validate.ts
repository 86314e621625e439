/** The receipt contact: an e-mail, or a phone number normalized to +7…; null when neither. */
export function parseReceiptContact(
  text: string,
): { receipt_email: string } | { receipt_phone: string } | null {
  const value = text.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return { receipt_email: value };
  let digits = value.replace(/[\s()-]/g, "");
  if (!/^\+?\d{10,15}$/.test(digits)) return null;
  // A Russian number typed as 8XXXXXXXXXX or XXXXXXXXXX becomes +7XXXXXXXXXX.
  if (/^8\d{10}$/.test(digits)) digits = `+7${digits.slice(1)}`;
  else if (/^\d{10}$/.test(digits)) digits = `+7${digits}`;
  else if (!digits.startsWith("+")) digits = `+${digits}`;
  return { receipt_phone: digits };
}

/** A fresh Idempotency-Key; crypto.randomUUID needs a secure context, so fall back to getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
