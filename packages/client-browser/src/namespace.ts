import { createKvNamespace as createCoreNamespace, type KvNamespaceClient } from "@telnyx-kv/core";
import { type KvBrowserClientOptions, toCoreOptions } from "./options.js";

/**
 * The namespace client of one namespace's keys for browsers and edge runtimes, with the same auth rules and defaults
 * as {@link createKvClient}, and without namespace management, so a page that only reads and writes keys
 * ships less.
 */
export function createKvNamespace(
  namespaceId: string,
  options: KvBrowserClientOptions = {},
): KvNamespaceClient {
  return createCoreNamespace(namespaceId, toCoreOptions(options));
}
