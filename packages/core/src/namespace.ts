import { NamespaceClient } from "./namespace-client.js";
import { createKvTransport, type KvClientOptions } from "./options.js";
import type { KvNamespaceClient } from "./types.js";
import { validateNamespaceId } from "./validate.js";

/** Options of {@link createKvNamespace}: the same as `createKvClient`'s. */
export type KvNamespaceOptions = KvClientOptions;

/**
 * The namespace client of one namespace's keys, without namespace management: the same client as
 * `createKvClient(options).namespace(namespaceId)`, for pages that only read and write keys and so ship less.
 */
export function createKvNamespace(namespaceId: string, options: KvNamespaceOptions = {}): KvNamespaceClient {
  validateNamespaceId(namespaceId);
  const { transport } = createKvTransport(options);
  return new NamespaceClient(transport, namespaceId, { bufferStreams: options.bufferStreams ?? false });
}
