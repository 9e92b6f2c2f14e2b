import { KvHttpError, type KvNamespaceClient, type KvPutOptions } from "@telnyx-kv/core";
import { KV_MAX_TTL_SECONDS } from "@telnyx-kv/core/protocol";

/** Namespace ids that answered 409 to a write with `ttl_secs`, shared by every cache in this process. */
const ttlUnsupported = new Set<string>();

/** Whether writes to `namespaceId` still try `ttl_secs`. */
export function serverTtlSupported(namespaceId: string): boolean {
  return !ttlUnsupported.has(namespaceId);
}

/** Whole seconds from `now` until `expiresAt`, rounded up, within the API's range. */
export function ttlSecondsUntil(expiresAt: number, now: number): number {
  return Math.min(KV_MAX_TTL_SECONDS, Math.max(1, Math.ceil((expiresAt - now) / 1000)));
}

/**
 * Writes with `ttlSeconds` when given and the namespace is not known to refuse it. A 409 to that write
 * means "no TTL support" only if the same write without it succeeds (a namespace that is not ready
 * answers 409 too, and then the second write fails with it).
 */
export async function putWithServerTtl(
  client: KvNamespaceClient,
  key: string,
  body: Uint8Array,
  options: KvPutOptions,
): Promise<void> {
  const { ttlSeconds, ...rest } = options;
  if (ttlSeconds === undefined || !serverTtlSupported(client.id)) {
    await client.put(key, body, rest);
    return;
  }
  try {
    await client.put(key, body, options);
  } catch (error) {
    if (!(KvHttpError.isInstance(error) && error.status === 409)) throw error;
    await client.put(key, body, rest);
    ttlUnsupported.add(client.id);
  }
}
