import { createRoute } from "@hono/zod-openapi";
import {
  Account,
  AccountDetail,
  AccountListQuery,
  ConfirmLinkRequest,
  IdParam,
  LinkAccountRequest,
  LinkChallenge,
  listOf,
  MoveAccountsRequest,
  MoveAccountsResult,
} from "@lk/contracts";
import { confirmAccountLink, getAccount, listAccounts, moveAccounts, requestAccountLink } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Accounts"];

export const accountRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/accounts",
      operationId: "listAccounts",
      tags,
      summary: "List personal accounts: search, filter, sort",
      description:
        "`q` matches an account number prefix, a service phone number in any spelling (`8 (495) 555-00-01`, `+74955550001`), a service login (prefix, case-insensitive) or a contract number. `group_id` includes subgroups. `balance_below` is in kopecks (strictly below). `sort`: `number`, `balance`, `created`, prefixed with `-` for descending. A user limited to some groups sees only their accounts.",
      security: bearerAuth,
      request: { query: AccountListQuery },
      responses: { 200: json(listOf(Account, "AccountList"), "Accounts"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await listAccounts({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/accounts/{id}",
      operationId: "getAccount",
      tags,
      summary: "An account with its services and latest ledger lines",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(AccountDetail, "The account"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getAccount({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/accounts/move",
      operationId: "moveAccounts",
      tags,
      summary: "Move accounts into a group (bulk, all or nothing)",
      description:
        "`group_id: null` takes the accounts out of every group (only for users not limited to groups).",
      security: bearerAuth,
      request: { body: jsonBody(MoveAccountsRequest) },
      responses: { 200: json(MoveAccountsResult, "Moved"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await moveAccounts({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/accounts/link",
      operationId: "linkAccount",
      tags,
      summary: "Link an existing account: send a one-time code to its contact",
      description:
        "Finds the account in the operator's base by number and region and sends a 6-digit code to the account's own contact (SMS, else e-mail). The code is valid 5 minutes and allows 3 tries. 10 requests per company per hour.",
      security: bearerAuth,
      request: { body: jsonBody(LinkAccountRequest) },
      responses: { 201: json(LinkChallenge, "Code sent"), ...problems(400, 401, 403, 404, 409, 429) },
    }),
    async (c) => c.json(await requestAccountLink({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/accounts/link/{id}/confirm",
      operationId: "confirmAccountLink",
      tags,
      summary: "Confirm linking with the code: the account joins the company",
      security: bearerAuth,
      request: { params: IdParam, body: jsonBody(ConfirmLinkRequest) },
      responses: { 200: json(AccountDetail, "Linked"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await confirmAccountLink({
          ctx: ctxOf(c),
          input: { ...c.req.valid("param"), ...c.req.valid("json") },
        }),
        200,
      ),
  );
