import { type FieldError, SandboxError } from "../errors";
import type { ChargeTokenInput, CreatePaymentInput } from "../payments";

type Json = Record<string, unknown>;

/** Collects field errors so a client sees all of them at once. */
class Fields {
  readonly errors: FieldError[] = [];
  constructor(private readonly body: Json) {}

  private fail(field: string, code: string, message: string): undefined {
    this.errors.push({ field, code, message });
    return undefined;
  }

  amount(field: string): number {
    const v = this.body[field];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) {
      this.fail(field, "invalid", "A positive integer number of kopecks");
      return 0;
    }
    return v;
  }

  text(field: string, max: number): string {
    const v = this.body[field];
    if (typeof v !== "string" || v.trim() === "" || v.length > max) {
      this.fail(field, "invalid", `A non-empty string of at most ${max} characters`);
      return "";
    }
    return v;
  }

  url(field: string, required: true): string;
  url(field: string, required: false): string | undefined;
  url(field: string, required: boolean): string | undefined {
    const v = this.body[field];
    if (v === undefined || v === null) return required ? this.fail(field, "required", "Required") : undefined;
    if (typeof v !== "string" || !URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol)) {
      return this.fail(field, "invalid", "An absolute http(s) URL");
    }
    return v;
  }

  currency(): "RUB" {
    if (this.body.currency !== "RUB") this.fail("currency", "invalid", 'Only "RUB" is supported');
    return "RUB";
  }

  bool(field: string): boolean {
    const v = this.body[field];
    if (v === undefined) return false;
    if (typeof v !== "boolean") this.fail(field, "invalid", "A boolean");
    return v === true;
  }

  method(): "card" | "sbp" {
    const v = this.body.payment_method;
    if (v === undefined || v === "card") return "card";
    if (v === "sbp") return "sbp";
    this.fail("payment_method", "invalid", 'One of "card", "sbp"');
    return "card";
  }

  locale(): "ru" | "en" | undefined {
    const v = this.body.locale;
    if (v === undefined || v === "ru" || v === "en") return v;
    this.fail("locale", "invalid", 'One of "ru", "en"');
    return undefined;
  }

  done(): void {
    if (this.errors.length > 0) {
      throw new SandboxError(422, "validation_failed", "The request has invalid fields", this.errors);
    }
  }
}

export async function readJson(req: { json(): Promise<unknown> }): Promise<Json> {
  const body = await req.json().catch(() => undefined);
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new SandboxError(400, "invalid_json", "The body must be a JSON object");
  }
  return body as Json;
}

export function requireIdempotencyKey(value: string | undefined): string {
  if (!value || value.length > 255) {
    throw new SandboxError(
      400,
      "idempotency_key_required",
      "Send an Idempotency-Key header (1–255 characters)",
    );
  }
  return value;
}

export function parseCreatePayment(body: Json): CreatePaymentInput {
  const f = new Fields(body);
  const input: CreatePaymentInput = {
    amount: f.amount("amount"),
    currency: f.currency(),
    description: f.text("description", 255),
    orderId: f.text("order_id", 128),
    returnUrl: f.url("return_url", false),
    notificationUrl: f.url("notification_url", true),
    saveCard: f.bool("save_card"),
    method: f.method(),
    locale: f.locale(),
  };
  if (input.method === "sbp" && input.saveCard)
    f.errors.push({ field: "save_card", code: "invalid", message: "An SBP payment saves no card" });
  f.done();
  return input;
}

export function parseChargeToken(body: Json): ChargeTokenInput {
  const f = new Fields(body);
  const input: ChargeTokenInput = {
    amount: f.amount("amount"),
    currency: f.currency(),
    description: f.text("description", 255),
    orderId: f.text("order_id", 128),
    notificationUrl: f.url("notification_url", true),
    token: f.text("payment_method_token", 64),
  };
  f.done();
  return input;
}

export function parseRefund(body: Json): { paymentId: string; amount: number } {
  const f = new Fields(body);
  const input = { paymentId: f.text("payment_id", 64), amount: f.amount("amount") };
  f.done();
  return input;
}
