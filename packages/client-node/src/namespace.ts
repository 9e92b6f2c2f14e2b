import { createKvClient, type KvNodeClientOptions } from "./client.js";
import type { KvNodeNamespaceClient } from "./node-namespace-client.js";

/** A namespace client that owns its connection pool, so it has `close()`. */
export interface KvClosableNamespaceClient extends KvNodeNamespaceClient {
  /** Closes the connection pool; later requests fail. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The namespace client of one namespace's keys, with streams, files and bulk helpers: the same client as
 * `createKvClient(options).namespace(namespaceId)`, plus `close()` for its connection pool.
 */
export function createKvNamespace(
  namespaceId: string,
  options: KvNodeClientOptions = {},
): KvClosableNamespaceClient {
  const client = createKvClient(options);
  let namespace: KvNodeNamespaceClient;
  try {
    namespace = client.namespace(namespaceId);
  } catch (error) {
    void client.close();
    throw error;
  }
  return Object.assign(namespace, { close: () => client.close() });
}
