import type { SessionTokens } from "@lk/core";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../http/env";

// The refresh token also travels as an httpOnly cookie for the portal: scripts never see it, and
// SameSite=Strict keeps other sites from using it. Non-browser clients use the body instead.
const NAME = "lk_refresh";
const PATH = "/v1/auth";

export function setRefreshCookie(c: Context<AppEnv>, session: SessionTokens) {
  setCookie(c, NAME, session.refresh_token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: c.get("deps").config.cookieSecure,
    path: PATH,
    expires: new Date(session.refresh_expires_at),
  });
}

export const readRefreshCookie = (c: Context<AppEnv>) => getCookie(c, NAME);
export const clearRefreshCookie = (c: Context<AppEnv>) => deleteCookie(c, NAME, { path: PATH });
