import { NamespaceClient } from "./namespace-client.js";
import { NamespaceManagement } from "./namespace-management.js";
import { createKvTransport, type KvClientOptions } from "./options.js";
import type { KvClient, KvNamespaceClient } from "./types.js";
import { validateNamespaceId } from "./validate.js";

export type { KvClientOptions } from "./options.js";

/** Creates the Telnyx KV client: namespace management and a namespace client per namespace. */
export function createKvClient(options: KvClientOptions = {}): KvClient {
  const { baseUrl, transport } = createKvTransport(options);
  const bufferStreams = options.bufferStreams ?? false;
  return {
    baseUrl,
    namespaces: new NamespaceManagement(transport),
    namespace(id: string): KvNamespaceClient {
      validateNamespaceId(id);
      return new NamespaceClient(transport, id, { bufferStreams });
    },
  };
}
