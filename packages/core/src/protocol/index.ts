/** The wire protocol of Telnyx KV, declared once: routes, operations, query rules, errors and the envelope. */

export {
  type KvHeaderReader,
  type KvRateLimitReading,
  rateLimitResetMs,
  readRateLimitHeaders,
  retryHintMs,
} from "../wait-hints.js";
export * from "./errors.js";
export * from "./paths.js";
export * from "./query.js";
export * from "./rate-limit.js";
export * from "./routes.js";
export * from "./shapes.js";
