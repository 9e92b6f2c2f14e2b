import { KvProtocolError } from "./errors.js";
import type {
  KvKeyInfo,
  KvKeyList,
  KvKeyPage,
  KvNamespace,
  KvNamespaceList,
  KvNamespacePage,
} from "./types.js";

/** Fetches one page of keys after `cursor` (`undefined` for the first page). */
export type KvKeyPageFetcher = (cursor: string | undefined) => Promise<KvKeyPage>;

/**
 * Pages through a key listing: stops when `hasMore` is false or the cursor is absent (a cursor beside
 * `has_more: false` is ignored), goes on through empty pages, and fails if the server repeats a cursor.
 */
export function paginateKeys(fetchPage: KvKeyPageFetcher, startCursor?: string): KvKeyList {
  async function* pages(): AsyncGenerator<KvKeyPage> {
    const seen = new Set<string>();
    if (startCursor !== undefined) seen.add(startCursor);
    let cursor = startCursor;
    for (;;) {
      const page = await fetchPage(cursor);
      yield page;
      if (!page.hasMore || page.cursor === undefined || page.cursor === "") return;
      if (seen.has(page.cursor)) {
        throw new KvProtocolError(
          `The server returned the cursor ${JSON.stringify(page.cursor.slice(0, 64))} twice; stopping so the listing does not loop forever. Report this with the namespace id.`,
        );
      }
      seen.add(page.cursor);
      cursor = page.cursor;
    }
  }
  return {
    pages,
    page: () => fetchPage(startCursor),
    async *[Symbol.asyncIterator](): AsyncGenerator<KvKeyInfo> {
      for await (const page of pages()) yield* page.keys;
    },
  };
}

/** Fetches one page of namespaces by number (from 1). */
export type KvNamespacePageFetcher = (pageNumber: number) => Promise<KvNamespacePage>;

/** Pages through the namespace listing by number until `total_pages` (or an empty page). */
export function paginateNamespaces(fetchPage: KvNamespacePageFetcher): KvNamespaceList {
  async function* pages(): AsyncGenerator<KvNamespacePage> {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await fetchPage(pageNumber);
      yield page;
      if (page.namespaces.length === 0 || pageNumber >= page.totalPages) return;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator](): AsyncGenerator<KvNamespace> {
      for await (const page of pages()) yield* page.namespaces;
    },
  };
}
