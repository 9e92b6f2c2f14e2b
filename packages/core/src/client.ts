import { KvKeyOperations } from "./key-operations.js";
import { KvNamespaceOperations } from "./namespace-operations.js";
import { createTransport, type KvClientOptions } from "./options.js";
import type { KvClient, KvNamespaceClient } from "./types.js";
import { validateNamespaceId } from "./validate.js";

export type { KvClientOptions } from "./options.js";

/** Creates the Telnyx KV client: namespace operations and per-namespace key operations. */
export function createKvClient(options: KvClientOptions = {}): KvClient {
  const { baseUrl, transport } = createTransport(options);
  const bufferStreams = options.bufferStreams ?? false;
  return {
    baseUrl,
    namespaces: new KvNamespaceOperations(transport),
    namespace(id: string): KvNamespaceClient {
      validateNamespaceId(id);
      return new KvKeyOperations(transport, id, { bufferStreams });
    },
  };
}
