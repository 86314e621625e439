import { accounts, type CallDirection, calls, type DestinationType } from "@lk/db";
import { and, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { type CompanyScope, type Ctx, companyScope } from "../context/index";
import { invalidField, notFound } from "../errors/index";
import { groupVisible, loadGroups, withDescendants } from "../groups/tree";
import { localMidnight, localMonth, startOfLocalMonth } from "../time/index";
import { normalizeNumber } from "./numbers";

/** The filter shared by the call list, summary, statistics and export (query parameters). */
export interface CallFilterInput {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  account_id?: string | undefined;
  group_id?: string | undefined;
  phone?: string | undefined;
  direction?: CallDirection | undefined;
  destination_type?: DestinationType | undefined;
  min_duration?: number | undefined;
  min_cost?: number | undefined;
}

export interface CallFilter {
  scope: CompanyScope;
  from: Date;
  to: Date;
  /** `YYYY-MM` when the range is one calendar month (names export files). */
  period: string | null;
  /** WHERE conditions on `calls`: company, visible accounts, range and every filter. */
  where: SQL;
  /**
   * With `deferAccountCheck`: throws 404 if `account_id` names an account the caller may not see.
   * Needed only when the query found nothing (the WHERE already limits rows to visible accounts).
   */
  checkAccount: () => Promise<void>;
}

function resolveRange(ctx: Ctx, input: CallFilterInput): { from: Date; to: Date; period: string | null } {
  const tz = ctx.config.timeZone;
  if (input.period && (input.from || input.to)) {
    throw invalidField("query.period", "period_or_range", {
      ru: "Укажите либо period, либо from/to",
      en: "Give either period or from/to, not both",
    });
  }
  if (input.from || input.to) {
    const now = ctx.now();
    const from = input.from ? new Date(input.from) : startOfLocalMonth(now, tz);
    const to = input.to ? new Date(input.to) : now;
    if (!(from < to)) {
      throw invalidField("query.to", "invalid_range", {
        ru: "Конец периода должен быть позже начала",
        en: "`to` must be after `from`",
      });
    }
    return { from, to, period: null };
  }
  // A period is a month of the operator's time zone (ADR 0080), as billing counts it.
  const id = input.period ?? localMonth(ctx.now(), tz);
  const [y, m] = id.split("-").map(Number);
  return { from: localMidnight(y!, m!, 1, tz), to: localMidnight(y!, m! + 1, 1, tz), period: id };
}

const accountNotFound = () => notFound({ ru: "Лицевой счёт", en: "Account" }, "account_not_found");
const groupNotFound = () => notFound({ ru: "Группа", en: "Group" }, "group_not_found");

/**
 * Validates the filter against what the caller may see (another company's or an invisible
 * account or group is 404) and builds the WHERE clause. Call after requirePermission().
 */
export async function resolveCallFilter(
  ctx: Ctx,
  input: CallFilterInput,
  opts: { deferAccountCheck?: boolean } = {},
): Promise<CallFilter> {
  const scope = companyScope(ctx);
  const range = resolveRange(ctx, input);
  const conds: SQL[] = [
    eq(calls.companyId, scope.companyId),
    gte(calls.startedAt, range.from),
    lt(calls.startedAt, range.to),
  ];
  if (scope.groupIds !== null) {
    const visibleAccounts = ctx.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(visibleAccountsCondition(scope));
    conds.push(inArray(calls.accountId, visibleAccounts));
  }

  let checkAccount = async () => {};
  if (input.account_id) {
    const accountId = input.account_id;
    checkAccount = async () => {
      const [acc] = await ctx.db
        .select({ id: accounts.id })
        .from(accounts)
        .where(and(visibleAccountsCondition(scope), eq(accounts.id, accountId)));
      if (!acc) throw accountNotFound();
    };
    if (!opts.deferAccountCheck) await checkAccount();
    // Calls are filtered by company (and, for a restricted user, visible accounts) as well, so an
    // invisible account can only ever yield an empty result.
    conds.push(eq(calls.accountId, accountId));
  }
  if (input.group_id) {
    const groups = await loadGroups(ctx.db, scope.companyId);
    if (!groups.some((g) => g.id === input.group_id) || !groupVisible(scope, input.group_id)) {
      throw groupNotFound();
    }
    const ids = withDescendants(groups, input.group_id);
    conds.push(
      inArray(
        calls.accountId,
        ctx.db
          .select({ id: accounts.id })
          .from(accounts)
          .where(and(eq(accounts.companyId, scope.companyId), inArray(accounts.groupId, ids))),
      ),
    );
  }
  if (input.phone) {
    const phone = normalizeNumber(input.phone);
    if (!phone) {
      throw invalidField("query.phone", "invalid_phone", {
        ru: "Номер телефона: +7XXXXXXXXXX или международный формат",
        en: "Phone number: +7XXXXXXXXXX or international format",
      });
    }
    conds.push(or(eq(calls.caller, phone), eq(calls.callee, phone))!);
  }
  if (input.direction) conds.push(eq(calls.direction, input.direction));
  if (input.destination_type) conds.push(eq(calls.destinationType, input.destination_type));
  if (input.min_duration !== undefined) conds.push(gte(calls.durationSec, input.min_duration));
  if (input.min_cost !== undefined) conds.push(gte(calls.cost, input.min_cost));
  return { scope, ...range, where: and(...conds) ?? sql`true`, checkAccount };
}
