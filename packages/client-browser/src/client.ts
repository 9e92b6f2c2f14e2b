import { createKvClient as createCoreClient, type KvClient } from "@telnyx-kv/core";
import { type KvBrowserClientOptions, toCoreOptions } from "./options.js";

/**
 * Creates a Telnyx KV client for browsers and edge runtimes. Auth, safest first: through a proxy (the
 * default, no secret in the page), a `getToken` provider for short-lived tokens, or a raw `apiKey` only with
 * `dangerouslyAllowApiKeyInBrowser: true`.
 */
export function createKvClient(options: KvBrowserClientOptions = {}): KvClient {
  return createCoreClient(toCoreOptions(options));
}
