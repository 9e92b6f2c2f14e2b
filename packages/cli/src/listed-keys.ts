import type { KvNodeNamespaceClient } from "@telnyx-kv/client-node";

/**
 * The names of the keys under `prefix`, page by page in key order, telling `onListed` the count so far
 * (a progress bar's total grows with it). Fed to `getEach`, which reads them paced by the client's budget.
 */
export async function* listedKeys(
  ns: KvNodeNamespaceClient,
  prefix: string | undefined,
  onListed: (count: number) => void,
): AsyncGenerator<string> {
  let count = 0;
  for await (const info of ns.list(prefix === undefined ? {} : { prefix })) {
    onListed(++count);
    yield info.key;
  }
}
