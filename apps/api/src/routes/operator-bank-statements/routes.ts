import { createRoute, z } from "@hono/zod-openapi";
import {
  BankDocument,
  BankDocumentList,
  BankStatementImportQuery,
  BankStatementImportReport,
  IdParam,
  ListQuery,
  ResolveBankDocumentRequest,
} from "@lk/contracts";
import { importBankStatement, listBankQueue, requireOperator, resolveBankDocument } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator: bank statements"];

export const operatorBankStatementRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/bank-statements",
      operationId: "importBankStatement",
      tags,
      summary: "Load a statement of the operator's settlement account and credit its payments",
      description:
        "The file as the request body: 1C «Клиент банка» (`1CClientBankExchange` 1.02/1.03, windows-1251, cp866 or UTF-8 as its `Кодировка=` says) or ISO 20022 camt.053 XML. Only credits to the operator's accounts (LK_OPERATOR_BANK_ACCOUNTS) are taken, each bank document exactly once. A malformed file (bad header, wrong encoding, cut short, broken XML) is 400 naming the line and applies nothing; single unreadable documents are listed in the report with their lines and the rest apply. docs/bank-transfers.md.",
      security: operatorAuth,
      request: {
        query: BankStatementImportQuery,
        body: {
          required: true,
          content: {
            "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
            "text/plain": { schema: z.string().openapi({ format: "binary" }) },
            "application/xml": { schema: z.string().openapi({ format: "binary" }) },
          },
        },
      },
      responses: {
        200: json(BankStatementImportReport, "What the import did"),
        ...problems(400, 401, 403, 413),
      },
    }),
    async (c) => {
      requireOperator(ctxOf(c)); // before reading a body from anyone else
      const content = Buffer.from(await c.req.arrayBuffer());
      const report = await importBankStatement({
        ctx: ctxOf(c),
        input: { content, fileName: c.req.valid("query").file_name },
      });
      return c.json(report, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/bank-statements/queue",
      operationId: "listBankQueue",
      tags,
      summary: "Bank documents that matched no customer, waiting for the operator",
      security: operatorAuth,
      request: { query: ListQuery },
      responses: { 200: json(BankDocumentList, "The queue, oldest first"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listBankQueue({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/bank-statements/queue/{id}",
      operationId: "resolveBankDocument",
      tags,
      summary: "Assign a queued document to an account or a company, or mark it for return",
      security: operatorAuth,
      request: { params: IdParam, body: jsonBody(ResolveBankDocumentRequest) },
      responses: { 200: json(BankDocument, "The document, resolved"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await resolveBankDocument({
          ctx: ctxOf(c),
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        }),
        200,
      ),
  );
