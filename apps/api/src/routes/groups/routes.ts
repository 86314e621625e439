import { createRoute } from "@hono/zod-openapi";
import { CreateGroupRequest, Group, GroupList, IdParam, UpdateGroupRequest } from "@lk/contracts";
import { createGroup, deleteGroup, listGroups, updateGroup } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Groups"];

export const groupRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/groups",
      operationId: "listGroups",
      tags,
      summary: "The account group tree (flat list with parent_id and path)",
      security: bearerAuth,
      responses: { 200: json(GroupList, "Groups"), ...problems(401, 403) },
    }),
    async (c) => c.json(await listGroups({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/groups",
      operationId: "createGroup",
      tags,
      summary: "Create a group (optionally inside another, with a cost-centre code)",
      security: bearerAuth,
      request: { body: jsonBody(CreateGroupRequest) },
      responses: { 201: json(Group, "Created"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await createGroup({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/v1/groups/{id}",
      operationId: "updateGroup",
      tags,
      summary: "Rename, move or change the cost-centre code of a group",
      security: bearerAuth,
      request: { params: IdParam, body: jsonBody(UpdateGroupRequest) },
      responses: { 200: json(Group, "Updated"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await updateGroup({ ctx: ctxOf(c), input: { ...c.req.valid("json"), ...c.req.valid("param") } }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/v1/groups/{id}",
      operationId: "deleteGroup",
      tags,
      summary: "Delete an empty group",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      await deleteGroup({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  );
