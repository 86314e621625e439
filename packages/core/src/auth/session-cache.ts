/**
 * A short memory of access-token session checks (ADR 0066). The check of `authenticateAccessToken`
 * (user active, session not signed out, visible groups) is a round trip to PostgreSQL on every
 * request; a busy integrator or a page of call details repeats it many times a second with the
 * same token. An answer is reused for reads only, for at most `ttlMs` of real (monotonic) time
 * counted from before the query that read it.
 *
 * Within one process nothing stale survives a change: the API calls `invalidate()` after every
 * request that may write (any method but GET/HEAD/OPTIONS), which drops every entry and
 * refuses answers read before it. Another process (a second worker, the CLI) sees a sign-out, a
 * block or a new restriction made elsewhere within `ttlMs`.
 */
export class SessionCheckCache<T> {
  private readonly entries = new Map<string, { value: T; at: number; gen: number }>();
  private gen = 0;

  constructor(
    readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  /** Take this before reading the database; pass it to `set` with what was read. */
  ticket(): { gen: number; at: number } {
    return { gen: this.gen, at: performance.now() };
  }

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.gen !== this.gen || performance.now() - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: T, ticket: { gen: number; at: number }): void {
    if (this.ttlMs <= 0 || ticket.gen !== this.gen) return; // read before an invalidation: don't keep it
    this.entries.delete(key); // a refreshed key moves to the newest end
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, at: ticket.at, gen: ticket.gen });
  }

  /** Something may have changed users, sessions or groups: forget every answer. */
  invalidate(): void {
    this.gen++;
    this.entries.clear();
  }
}
