/** Shapes of the public API (/v1/public/…) the widgets call. Money is integer kopecks. */
export type PaymentMethod = "card" | "sbp";

export interface MethodInfo {
  method: PaymentMethod;
  commission_percent_bp: number;
  commission_min: number;
}

export interface AccountLookup {
  account_number: string;
  masked_holder: string;
  region: string;
  status: "active" | "suspended" | "closed";
  recommended_amount: number;
  min_amount: number;
  max_amount: number;
  currency: "RUB";
  methods: MethodInfo[];
}

export interface Invoice {
  number: string;
  account_number: string;
  masked_holder: string;
  amount_due: number;
  status: "issued" | "paid" | "partially_paid" | "overdue";
  due_date: string;
  period: string;
}

export interface Quote {
  amount: number;
  commission_amount: number;
  total_amount: number;
  currency: "RUB";
}

export type PaymentStatus = "pending" | "requires_action" | "succeeded" | "failed" | "canceled";

export interface Payment {
  id: string;
  status: PaymentStatus;
  amount: number;
  commission_amount: number;
  total_amount: number;
  confirmation_url: string | null;
  receipt_number: string | null;
  failure_reason?: string | null;
  /** "qr": an SBP QR code (`qr.payload`) to scan, or to open as a link on a phone. */
  confirmation_type?: "redirect" | "qr" | null;
  qr?: { payload: string; expires_at: string | null } | null;
}

export interface CreatePayment {
  account_number?: string;
  invoice_number?: string;
  amount: number;
  method: PaymentMethod;
  receipt_email?: string;
  receipt_phone?: string;
  return_url?: string;
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}
