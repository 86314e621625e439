/** Tokens as `POST /v1/auth/sign-in` and `/v1/auth/refresh` return them. */
export interface Tokens {
  access_token: string;
  refresh_token?: string | null;
  expires_in?: number;
  [extra: string]: unknown;
}

/** How requests authenticate. A plain string is an API key (`sk_live_…`/`sk_test_…`) or any bearer token. */
export type Auth = string | TokenAuth;

export interface TokenAuth {
  /** A user access JWT; refreshed once on 401 when a refresh token (or a cookie session) is available. */
  accessToken?: string;
  refreshToken?: string;
  /** Asked before every attempt; the app owns refreshing. Takes precedence over `accessToken`. */
  getAccessToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Told about tokens obtained by sign-in or refresh, e.g. to persist them. */
  onTokens?: (tokens: Tokens) => void;
}

/** Mutable token state behind one transport; sign-in and refresh write into it. */
export class TokenStore {
  access: string | undefined;
  refresh: string | undefined;
  private readonly cfg: TokenAuth;
  private readonly apiKey: boolean;

  constructor(auth: Auth | undefined) {
    this.apiKey = typeof auth === "string";
    this.cfg = typeof auth === "string" ? { accessToken: auth } : (auth ?? {});
    this.access = this.cfg.accessToken;
    this.refresh = this.cfg.refreshToken;
  }

  bearer(): string | undefined | Promise<string | undefined> {
    const get = this.cfg.getAccessToken;
    return get ? Promise.resolve(get()).then((t) => t ?? this.access) : this.access;
  }

  /** A 401 may be cured by refreshing only when we own the tokens and have something to refresh with. */
  canRefresh(cookieSession: boolean): boolean {
    if (this.apiKey || this.cfg.getAccessToken) return false;
    return this.refresh !== undefined || cookieSession;
  }

  set(tokens: Tokens | null): void {
    this.access = tokens?.access_token;
    // A cookie session returns no refresh token in the body; keep what we had.
    if (!tokens || tokens.refresh_token) this.refresh = tokens?.refresh_token ?? undefined;
    if (tokens) this.cfg.onTokens?.(tokens);
  }
}
