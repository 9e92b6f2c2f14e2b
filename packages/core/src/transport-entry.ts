/**
 * `@telnyx-kv/core/transport`: core's request path for tools built on the toolkit (the CLI's `doctor`), which
 * send requests the clients do not (an unauthenticated listing, an OPTIONS preflight) and read every answer
 * themselves. Build a transport from client options (the pacer, the retry policy and the hooks included), then
 * send through core's one retry loop; nothing here is a second HTTP client.
 */
export { createKvTransport } from "./options.js";
export { send } from "./send.js";
export { type KvRequest, KvTransport } from "./transport.js";
