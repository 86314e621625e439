import type { PaymentAgentRow } from "@lk/db";

/** What the operator API shows of an agent (never the secret; its hash neither). */
export function agentView(a: PaymentAgentRow) {
  return {
    id: a.id,
    login: a.login,
    name: a.name,
    allowed_sources: a.allowedSources,
    commission_bp: a.commissionBp,
    timeout_ms: a.timeoutMs,
    secret_prefix: a.secretPrefix,
    status: a.status,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}
export type AgentView = ReturnType<typeof agentView>;
