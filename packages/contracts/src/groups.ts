import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

export const Group = z
  .object({
    id: z.string().uuid(),
    parent_id: z.string().uuid().nullable(),
    name: z.string(),
    cost_center: z
      .string()
      .nullable()
      .openapi({ description: "Cost-centre code (ЦФО) for the accounting export" }),
    path: z.array(z.string()).openapi({ description: "Names from the top group down to this one" }),
    accounts_count: z.number().int().openapi({ description: "Accounts directly in this group" }),
    created_at: Timestamp,
  })
  .openapi("Group");

export const GroupList = z.object({ data: z.array(Group), next_cursor: z.null() }).openapi("GroupList");

export const CreateGroupRequest = z
  .object({
    name: z.string().trim().min(1).max(200),
    parent_id: z.string().uuid().nullable().optional(),
    cost_center: z.string().trim().max(50).nullable().optional(),
  })
  .strict()
  .openapi("CreateGroupRequest");

export const UpdateGroupRequest = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    parent_id: z.string().uuid().nullable().optional(),
    cost_center: z.string().trim().max(50).nullable().optional(),
  })
  .strict()
  .openapi("UpdateGroupRequest");
