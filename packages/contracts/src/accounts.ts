import { z } from "@hono/zod-openapi";
import { AccountNumber, Currency, Kopecks, ListQuery, Phone, Timestamp } from "./common";
import { localized } from "./localized";
import { Service } from "./services";

export const AccountStatus = z.enum(["active", "suspended", "closed"]).openapi("AccountStatus");

export const Account = z
  .object({
    id: z.string().uuid(),
    number: z.string().openapi({ example: "770000000001" }),
    region: z.string(),
    status: AccountStatus,
    group: z
      .object({ id: z.string().uuid(), name: z.string(), cost_center: z.string().nullable() })
      .nullable(),
    balance_amount: Kopecks,
    min_balance_amount: Kopecks,
    currency: Currency,
    billing_system: z
      .enum(["advance", "credit"])
      .openapi({ description: "Effective: the account's own or the company's" }),
    contract_number: z.string().nullable(),
    address: z.string().nullable(),
    created_at: Timestamp,
  })
  .openapi("Account");

export const LedgerLine = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    amount: Kopecks,
    balance_after_amount: Kopecks,
    currency: Currency,
    description: z.string(),
    effective_at: Timestamp,
  })
  .openapi("LedgerLine");

export const AccountDetail = Account.extend({
  services: z.array(Service),
  recent_ledger: z.array(LedgerLine).openapi({ description: "The 20 latest ledger lines, newest first" }),
}).openapi("AccountDetail");

export const AccountSort = z.enum(["number", "-number", "balance", "-balance", "created", "-created"]);

export const AccountListQuery = ListQuery.extend({
  q: z.string().trim().min(1).max(100).optional().openapi({
    description: "Account number prefix, service phone (any spelling) or login, or contract number",
  }),
  group_id: z.string().uuid().optional().openapi({ description: "This group and its subgroups" }),
  status: AccountStatus.optional(),
  balance_below: z.coerce
    .number()
    .int()
    .optional()
    .openapi({ description: "Balance strictly below, kopecks" }),
  sort: AccountSort.default("number"),
});

export const MoveAccountsRequest = z
  .object({
    account_ids: z.array(z.string().uuid()).min(1).max(1000),
    group_id: z.string().uuid().nullable(),
  })
  .strict()
  .openapi("MoveAccountsRequest");
export const MoveAccountsResult = z.object({ moved: z.number().int() }).openapi("MoveAccountsResult");

export const LinkAccountRequest = z
  .object({
    account_number: AccountNumber.optional(),
    region: z
      .string()
      .trim()
      .regex(
        /^\d{2,3}$/,
        localized("invalid_region", "Код региона — 2–3 цифры", "A region code is 2–3 digits"),
      )
      .optional(),
    phone: Phone.optional().openapi({
      description: "Instead of account_number and region: a phone number of one of the account's services",
      example: "+74951234567",
    }),
    group_id: z.string().uuid().nullable().optional(),
  })
  .strict()
  .superRefine((v, c) => {
    // Either the account's number with its region, or a phone number of its services.
    if (v.phone !== undefined) return;
    for (const key of ["account_number", "region"] as const)
      if (v[key] === undefined)
        c.addIssue({
          code: "custom",
          path: [key],
          ...localized(
            "account_or_phone",
            "Укажите номер лицевого счёта и регион или номер телефона",
            "Give the account number and region, or a phone number",
          ),
        });
  })
  .openapi("LinkAccountRequest");

export const LinkChallenge = z
  .object({
    link_id: z.string().uuid(),
    channel: z.enum(["email", "sms"]),
    sent_to: z
      .string()
      .openapi({ description: "Masked contact the code went to", example: "b***@romashka.example" }),
    expires_at: Timestamp,
    attempts_left: z.number().int(),
  })
  .openapi("LinkChallenge");

export const ConfirmLinkRequest = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, localized("invalid_code", "Код — 6 цифр", "The code is 6 digits")),
  })
  .strict()
  .openapi("ConfirmLinkRequest");
