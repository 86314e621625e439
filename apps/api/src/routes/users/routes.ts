import { createRoute, z } from "@hono/zod-openapi";
import {
  Invitation,
  InviteUserRequest,
  IssuedCredentials,
  SetUserGroupsRequest,
  UpdateUserRequest,
  User,
  UserList,
} from "@lk/contracts";
import {
  inviteUser,
  listUsers,
  resetUserPassword,
  setUserBlocked,
  setUserGroups,
  updateUser,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Users"];
const Id = z.object({ id: z.string().uuid() });
const security = bearerAuth;

export const userRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/users",
      operationId: "listUsers",
      tags,
      summary: "The company's users (admin)",
      security,
      responses: { 200: json(UserList, "Users"), ...problems(401, 403) },
    }),
    async (c) => c.json(await listUsers({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/users",
      operationId: "inviteUser",
      tags,
      summary: "Invite a colleague: login + temporary password shown once",
      security,
      request: { body: jsonBody(InviteUserRequest) },
      responses: { 201: json(Invitation, "Invited"), ...problems(400, 401, 403, 409) },
    }),
    async (c) => c.json(await inviteUser({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/v1/users/{id}",
      operationId: "updateUser",
      tags,
      summary: "Change name, phone or role",
      security,
      request: { params: Id, body: jsonBody(UpdateUserRequest) },
      responses: { 200: json(User, "Updated"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await updateUser({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("json") } }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/v1/users/{id}/groups",
      operationId: "setUserGroups",
      tags,
      summary: "Restrict the user to these account groups (empty list: all groups)",
      security,
      request: { params: Id, body: jsonBody(SetUserGroupsRequest) },
      responses: { 200: json(User, "Updated"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await setUserGroups({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("json") } }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/users/{id}/block",
      operationId: "blockUser",
      tags,
      summary: "Block the user and end their sessions",
      security,
      request: { params: Id },
      responses: { 200: json(User, "Blocked"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(await setUserBlocked({ ctx: ctxOf(c), input: { ...c.req.valid("param"), blocked: true } }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/users/{id}/unblock",
      operationId: "unblockUser",
      tags,
      summary: "Unblock the user",
      security,
      request: { params: Id },
      responses: { 200: json(User, "Unblocked"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await setUserBlocked({ ctx: ctxOf(c), input: { ...c.req.valid("param"), blocked: false } }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/users/{id}/reset-password",
      operationId: "resetUserPassword",
      tags,
      summary: "Give the user a new temporary password (shown once)",
      security,
      request: { params: Id },
      responses: { 200: json(IssuedCredentials, "New temporary password"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await resetUserPassword({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
