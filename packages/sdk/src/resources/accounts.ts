import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { Account, AccountDetail, BodyOf, QueryOf, Schema } from "../types";

const base = "/v1/accounts";
const at = (id: string, action = "") => `${base}/${encodeURIComponent(id)}${action}`;

/** Personal accounts (лицевые счета) of the company, narrowed to the user's groups. */
export function accounts(t: Transport) {
  return {
    /** Filters such as `q` (number or name), `group_id`, `status`, `balance_below`, `sort`. */
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<Account>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<AccountDetail>("GET", at(id), options),
    /** Moves accounts into a group. */
    move: (body: BodyOf<"/v1/accounts/move", "post">, options?: CallOptions) =>
      t.request<Schema<"MoveAccountsResult">>("POST", `${base}/move`, { ...options, body }),
    /** Starts linking another account to the company; `confirmLink` finishes it with the code. */
    link: (body: BodyOf<"/v1/accounts/link", "post">, options?: CallOptions) =>
      t.request<Schema<"LinkChallenge">>("POST", `${base}/link`, { ...options, body }),
    confirmLink: (
      challengeId: string,
      body: BodyOf<"/v1/accounts/link/{id}/confirm", "post">,
      options?: CallOptions,
    ) =>
      t.request<AccountDetail>("POST", `${base}/link/${encodeURIComponent(challengeId)}/confirm`, {
        ...options,
        body,
      }),
    /** Whether a promised payment can be taken now, and for how much. */
    promisedPayment: (id: string, options?: CallOptions) =>
      t.request<Schema<"PromisedPaymentInfo">>("GET", at(id, "/promised-payment"), options),
    takePromisedPayment: (
      id: string,
      body: BodyOf<"/v1/accounts/{id}/promised-payment", "post">,
      options?: CallOptions,
    ) => t.request<Schema<"PromisedPayment">>("POST", at(id, "/promised-payment"), { ...options, body }),
  };
}

export type AccountsResource = ReturnType<typeof accounts>;
