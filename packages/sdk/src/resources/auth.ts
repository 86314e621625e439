import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, Me, Session, SignInRequest } from "../types";

const base = "/v1/auth";

/**
 * Sessions of portal users. `signIn` and `refresh` store the tokens in the client, so later calls are
 * authenticated; `signOut` forgets them.
 */
export function auth(t: Transport) {
  const store = (p: Promise<Session>) =>
    p.then((tokens) => {
      t.setTokens(tokens);
      return tokens;
    });
  const post = <T = void>(path: string, body?: unknown, options?: CallOptions, anonymous?: boolean) =>
    t.request<T>("POST", `${base}/${path}`, { ...options, body, ...(anonymous ? { auth: false } : {}) });
  return {
    /** When `password_change_required` is true, the session may only `changePassword`. The API also sets the `lk_refresh` cookie. */
    signIn: (body: SignInRequest, options?: CallOptions) =>
      store(post<Session>("sign-in", body, options, true)),
    /** Without an argument the browser's httpOnly refresh cookie is used (`credentials: "include"`). */
    refresh: (refreshToken?: string, options?: CallOptions) =>
      store(post<Session>("refresh", refreshToken ? { refresh_token: refreshToken } : {}, options, true)),
    signOut: (options?: CallOptions) => post("sign-out", undefined, options).finally(() => t.setTokens(null)),
    /** Ends every session of this user, on all devices. */
    signOutAll: (options?: CallOptions) =>
      post("sign-out-all", undefined, options).finally(() => t.setTokens(null)),
    /** Also the way out of a temporary-password session; ends other sessions and returns fresh tokens. */
    changePassword: (
      body: BodyOf<"/v1/auth/password", "post", { current_password: string; new_password: string }>,
      options?: CallOptions,
    ) => store(post<Session>("password", body, options)),
    /** Always accepted (202), whether or not the login exists; the code goes to the user's e-mail. */
    forgotPassword: (
      body: BodyOf<"/v1/auth/forgot-password", "post", { login: string }>,
      options?: CallOptions,
    ) => post("forgot-password", body, options, true),
    resetPassword: (
      body: BodyOf<"/v1/auth/reset-password", "post", { login: string; code: string; new_password: string }>,
      options?: CallOptions,
    ) => post("reset-password", body, options, true),
    me: (options?: CallOptions) => t.request<Me>("GET", `${base}/me`, options),
  };
}

export type AuthResource = ReturnType<typeof auth>;
