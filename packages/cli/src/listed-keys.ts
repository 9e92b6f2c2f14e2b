import type { KvNodeNamespaceClient } from "@telnyx-kv/client-node";

/**
 * The names of the keys under `prefix`, page by page in key order, telling `onListed` the count so far and
 * whether the listing is over (a progress bar's total grows with it, "listed so far" until it ends). Fed to
 * `getEach`, which reads them paced by the client's budget.
 */
export async function* listedKeys(
  ns: KvNodeNamespaceClient,
  prefix: string | undefined,
  onListed: (count: number, finished: boolean) => void,
): AsyncGenerator<string> {
  let count = 0;
  for await (const info of ns.list(prefix === undefined ? {} : { prefix })) {
    onListed(++count, false);
    yield info.key;
  }
  onListed(count, true);
}
