import type { UserRole } from "@lk/db";

/** Who is making the request. Built by the HTTP layer's auth middleware, read by services. */
export type Principal =
  | {
      type: "user";
      userId: string;
      companyId: string;
      role: UserRole;
      /** null: all groups; otherwise the groups (with their subgroups) the user is limited to. */
      groupIds: string[] | null;
      /** Signed in with a temporary password: may only set a new one. */
      passwordChangeOnly: boolean;
      /** The refresh-token family of this session (sign-out revokes it). */
      sessionId: string;
    }
  | { type: "api_key"; keyId: string; companyId: string; scopes: string[]; live: boolean }
  | { type: "operator"; name: string }
  | { type: "partner"; partnerId: string; origin: string | null }
  | { type: "anonymous" };

export type PrincipalType = Principal["type"];
