import { createRoute, z } from "@hono/zod-openapi";
import { paymentInvoiceQr } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const documentQrRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/v1/documents/{id}/qr.svg",
    operationId: "getPaymentInvoiceQr",
    tags: ["Documents"],
    summary: "The payment QR (ГОСТ Р 56042-2014) of a bank-transfer invoice, as SVG",
    description:
      "The same code the invoice's PDF prints: `ST00012|Name=…|PersonalAcc=…|BankName=…|BIC=…|CorrespAcc=…|PayeeINN=…|KPP=…|Purpose=…|Sum=…` (Sum in kopecks, UTF-8). A bank app scanning it fills the payment order. The payload is also in the `X-Payment-QR` header (percent-encoded).",
    security: bearerAuth,
    request: {
      params: z.object({
        id: z
          .string()
          .max(80)
          .openapi({ param: { name: "id", in: "path" }, example: "payment_invoice.0b6f…" }),
      }),
    },
    responses: {
      200: { description: "SVG", content: { "image/svg+xml": { schema: z.string() } } },
      ...problems(401, 403, 404),
    },
  }),
  async (c) => {
    const qr = await paymentInvoiceQr({ ctx: ctxOf(c), input: c.req.valid("param") });
    return c.body(qr.svg, 200, {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "private, max-age=3600",
      "X-Payment-QR": encodeURIComponent(qr.payload),
    });
  },
);
