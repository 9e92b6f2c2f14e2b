import { createKvClient, type KvNodeClientOptions } from "./client.js";
import type { KvNodeNamespaceClient } from "./node-key-operations.js";

/** A namespace client that owns its connection pool. */
export interface KvNodeNamespaceHandle extends KvNodeNamespaceClient {
  /** Closes the connection pool; later requests fail. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The key operations of one namespace, with streams, files and bulk helpers: the same client as
 * `createKvClient(options).namespace(namespaceId)`, plus `close()` for its connection pool.
 */
export function createKvNamespace(
  namespaceId: string,
  options: KvNodeClientOptions = {},
): KvNodeNamespaceHandle {
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
