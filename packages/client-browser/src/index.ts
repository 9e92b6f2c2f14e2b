export * from "@telnyx-kv/core";
/** Browser entries first: they shadow core's factories of the same names. */
export { createKvClient } from "./client.js";
export { createKvNamespace } from "./namespace.js";
export type { KvBrowserClientOptions } from "./options.js";
