/**
 * `@telnyx-kv/core/transport`: core's request path for the toolkit's own packages and for tools built on it
 * (the CLI's `doctor`, which sends requests the clients do not, such as an unauthenticated listing or an
 * OPTIONS preflight, and reads every answer itself). Build a transport from client options (the pacer, the
 * retry policy and the hooks included), then send through core's one retry loop; nothing here is a second
 * HTTP client. Not needed to use a client.
 */
export { normalizeBaseUrl } from "./base-url.js";
export { createByteCap, type KvByteCap, readCapped } from "./capped-stream.js";
export { createAbortError } from "./errors.js";
export { createKvTransport } from "./options.js";
export { quoteInput, redactText, redactUrl } from "./redact.js";
export { KV_DEFAULT_RETRY, reachedServer } from "./retry.js";
export { send } from "./send.js";
export { type KvRequest, KvTransport, type KvTransportConfig } from "./transport.js";
