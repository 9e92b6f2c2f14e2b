import type { KvNamespaceClient, KvPutOptions } from "@telnyx-kv/core";

/** Largest `ttl_secs` the API accepts (core's `KV_MAX_TTL_SECONDS`; a test keeps the two equal). */
export const MAX_TTL_SECONDS = 9_223_372_036;

/** Namespace ids that answered 409 to a write with `ttl_secs`, shared by every cache in this process. */
const ttlUnsupported = new Set<string>();

/** Whether `error` is core's `KvHttpError` with `status` (checked by shape: core is a type-only dependency). */
export function isHttpStatus(error: unknown, status: number): boolean {
  if (typeof error !== "object" || error === null) return false;
  const fields = error as { kind?: unknown; status?: unknown };
  return fields.kind === "http" && fields.status === status;
}

/** Whether writes to `namespaceId` still try `ttl_secs`. */
export function serverTtlSupported(namespaceId: string): boolean {
  return !ttlUnsupported.has(namespaceId);
}

/** Whole seconds from `now` until `expiresAt`, rounded up, within the API's range. */
export function ttlSecondsUntil(expiresAt: number, now: number): number {
  return Math.min(MAX_TTL_SECONDS, Math.max(1, Math.ceil((expiresAt - now) / 1000)));
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
    if (!isHttpStatus(error, 409)) throw error;
    await client.put(key, body, rest);
    ttlUnsupported.add(client.id);
  }
}
