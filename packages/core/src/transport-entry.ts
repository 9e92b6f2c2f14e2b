// `@telnyx-kv/core/transport`: the request path's building blocks, for the toolkit's own packages and for
// tools built on it (the CLI's doctor sends its probes through this transport). Not needed to use a client.
export { createAbortError } from "./errors.js";
export { createTransport, normalizeBaseUrl } from "./options.js";
export { quoteInput, redactText, redactUrl } from "./redact.js";
export { KV_DEFAULT_RETRY, reachedServer } from "./retry.js";
export { type KvRequest, KvTransport, type KvTransportConfig } from "./transport.js";
