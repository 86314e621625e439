/** The human receipt number people read: «000123» (never the receipt's id). */
export const receiptNo = (n: number): string => String(n).padStart(6, "0");
