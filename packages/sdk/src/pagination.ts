/** One page of a list as the API returns it. */
export interface ListResponse<T> {
  data: T[];
  next_cursor: string | null;
}

export type FetchPage<T> = (cursor: string | undefined) => Promise<ListResponse<T>>;

/** One page, for manual paging: `let p = await list.firstPage(); while (p) { …; p = await p.next(); }`. */
export class Page<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
  /** `X-Request-Id` of the response this page came in. */
  readonly requestId: string | undefined;
  private readonly fetchPage: FetchPage<T>;

  constructor(res: ListResponse<T>, fetchPage: FetchPage<T>) {
    this.data = res.data;
    this.nextCursor = res.next_cursor ?? null;
    this.requestId = (res as { _requestId?: string })._requestId;
    this.fetchPage = fetchPage;
  }

  get hasMore(): boolean {
    return this.nextCursor !== null;
  }

  /** The following page, or `null` after the last. */
  async next(): Promise<Page<T> | null> {
    return this.nextCursor === null ? null : new Page(await this.fetchPage(this.nextCursor), this.fetchPage);
  }
}

/**
 * A lazy list over every page: `for await (const item of list)`. Nothing is fetched until iterated,
 * and each iteration starts over from the first page.
 */
export class PagedList<T> implements AsyncIterable<T> {
  private readonly fetchPage: FetchPage<T>;

  constructor(fetchPage: FetchPage<T>) {
    this.fetchPage = fetchPage;
  }

  async firstPage(): Promise<Page<T>> {
    return new Page(await this.fetchPage(undefined), this.fetchPage);
  }

  /** The page a `nextCursor` from earlier points at (e.g. kept in a URL); none means the first. */
  async pageAt(cursor: string | null | undefined): Promise<Page<T>> {
    return new Page(await this.fetchPage(cursor ?? undefined), this.fetchPage);
  }

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    for (let page: Page<T> | null = await this.firstPage(); page; page = await page.next()) yield page;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Collects items; `max` stops early (and fetches no further page) — guard against huge lists. */
  async toArray({ max = Number.POSITIVE_INFINITY }: { max?: number } = {}): Promise<T[]> {
    const out: T[] = [];
    if (max <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return out;
  }
}
