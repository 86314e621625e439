import { createRoute, z } from "@hono/zod-openapi";
import {
  ChangePasswordRequest,
  ForgotPasswordRequest,
  Me,
  RefreshRequest,
  ResetPasswordRequest,
  Session,
  SignInRequest,
} from "@lk/contracts";
import {
  changePassword,
  getMe,
  invalidToken,
  refreshSession,
  requestPasswordReset,
  resetPassword,
  signIn,
  signOut,
  signOutEverywhere,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from "./cookie";

const tags = ["Auth"];

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/sign-in",
      operationId: "signIn",
      tags,
      summary: "Sign in with login (or e-mail, or phone) and password",
      description:
        "Five wrong passwords lock the login for 15 minutes (429 `login_locked`). A temporary password gives a session with `password_change_required: true` that may only call `POST /v1/auth/password`.",
      request: { body: jsonBody(SignInRequest) },
      security: [],
      responses: { 200: json(Session, "Signed in"), ...problems(400, 401, 403, 429) },
    }),
    async (c) => {
      const session = await signIn({ ctx: ctxOf(c), input: c.req.valid("json") });
      setRefreshCookie(c, session);
      return c.json(session, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/refresh",
      operationId: "refreshSession",
      tags,
      summary: "Exchange a refresh token for new tokens (rotation)",
      description:
        "Each refresh token works once. Presenting a used one revokes every token of that sign-in.",
      request: { body: { required: false, content: { "application/json": { schema: RefreshRequest } } } },
      security: [],
      responses: { 200: json(Session, "New tokens"), ...problems(400, 401) },
    }),
    async (c) => {
      const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
      const token = body.refresh_token ?? readRefreshCookie(c);
      if (!token) throw invalidToken();
      const session = await refreshSession({ ctx: ctxOf(c), input: { refresh_token: token } });
      setRefreshCookie(c, session);
      return c.json(session, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/sign-out",
      operationId: "signOut",
      tags,
      summary: "End this session",
      // Open: signing out with only the refresh cookie (expired access token) must work.

      request: { body: { required: false, content: { "application/json": { schema: RefreshRequest } } } },
      security: [],
      responses: { 204: { description: "Signed out" }, ...problems(401) },
    }),
    async (c) => {
      const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
      await signOut({ ctx: ctxOf(c), input: { refresh_token: body.refresh_token ?? readRefreshCookie(c) } });
      clearRefreshCookie(c);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/sign-out-all",
      operationId: "signOutAll",
      tags,
      summary: "Sign out everywhere: end every session of this user",
      security: bearerAuth,
      responses: { 204: { description: "All sessions ended" }, ...problems(401) },
    }),
    async (c) => {
      await signOutEverywhere({ ctx: ctxOf(c) });
      clearRefreshCookie(c);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/password",
      operationId: "changePassword",
      tags,
      summary: "Set a new password",
      description:
        "Policy: at least 10 characters, must not contain the login, must differ from the current (temporary) one. Ends the user's other sessions and returns fresh tokens.",
      security: bearerAuth,
      request: { body: jsonBody(ChangePasswordRequest) },
      responses: { 200: json(Session, "Password changed"), ...problems(400, 401) },
    }),
    async (c) => {
      const session = await changePassword({ ctx: ctxOf(c), input: c.req.valid("json") });
      setRefreshCookie(c, session);
      return c.json(session, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/forgot-password",
      operationId: "forgotPassword",
      tags,
      summary: "Send a one-time code to the user's e-mail",
      description: "Always 202, whether or not the login exists.",
      request: { body: jsonBody(ForgotPasswordRequest) },
      security: [],
      responses: {
        202: { description: "If the user exists and has an e-mail, a code was sent" },
        ...problems(400, 429),
      },
    }),
    async (c) => {
      await requestPasswordReset({ ctx: ctxOf(c), input: c.req.valid("json") });
      return c.body(null, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/reset-password",
      operationId: "resetPassword",
      tags,
      summary: "Set a new password with the e-mailed code",
      request: { body: jsonBody(ResetPasswordRequest) },
      security: [],
      responses: { 204: { description: "Password set; all sessions ended" }, ...problems(400) },
    }),
    async (c) => {
      await resetPassword({ ctx: ctxOf(c), input: c.req.valid("json") });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/auth/me",
      operationId: "getMe",
      tags,
      summary: "The signed-in user and company",
      security: bearerAuth,
      responses: { 200: json(Me, "Current user"), ...problems(401) },
    }),
    async (c) => c.json(await getMe({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/.well-known/jwks.json",
      operationId: "getJwks",
      tags,
      summary: "Public keys that verify access tokens (JWKS)",
      security: [],
      responses: {
        200: json(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), "JWKS"),
        ...problems(401),
      },
    }),
    async (c) => {
      c.header("Cache-Control", "public, max-age=300");
      return c.json((await c.get("deps").keys.jwks()) as { keys: Record<string, unknown>[] }, 200);
    },
  );
