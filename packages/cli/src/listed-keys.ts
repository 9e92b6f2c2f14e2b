import type { KvNodeNamespaceClient } from "@telnyx-kv/client-node";

/** Keys listed before the job starts: when the listing ends within them, the total is known from the start. */
const LIST_AHEAD = 10_000;

/**
 * The names of the keys under `prefix`, page by page in key order, telling `onListed` the count so far and
 * whether the listing is over. Up to {@link LIST_AHEAD} keys (10 list calls) are listed before the first is
 * handed out, so a namespace of that size shows its true total at once; a larger one shows "listed so far"
 * until its listing ends. Fed to `getEach`, which reads them paced by the client's budget.
 */
export async function* listedKeys(
  ns: KvNodeNamespaceClient,
  prefix: string | undefined,
  onListed: (count: number, finished: boolean) => void,
): AsyncGenerator<string> {
  const listing = ns.list(prefix === undefined ? {} : { prefix })[Symbol.asyncIterator]();
  const ahead: string[] = [];
  let finished = false;
  while (ahead.length < LIST_AHEAD) {
    const next = await listing.next();
    if (next.done) {
      finished = true;
      break;
    }
    ahead.push(next.value.key);
  }
  let count = ahead.length;
  onListed(count, finished);
  yield* ahead.splice(0);
  if (finished) return;
  for (let next = await listing.next(); !next.done; next = await listing.next()) {
    onListed(++count, false);
    yield next.value.key;
  }
  onListed(count, true);
}
