import { KV_RATE_LIMIT_HEADERS } from "@telnyx-kv/core/protocol";

/**
 * CORS for the origins listed in `allowedOrigins`: without these headers a browser would let a listed page
 * send its request but not read the answer. Other origins get none (they are refused before this matters).
 */

// What the browser clients send beyond the CORS-safelisted set: binary values, and the app's own auth.
const ALLOWED_REQUEST_HEADERS = "content-type, accept, authorization";
// What our clients read from an answer: the budget and retry headers.
const EXPOSED_RESPONSE_HEADERS = [...Object.values(KV_RATE_LIMIT_HEADERS), "retry-after"].join(", ");
const PREFLIGHT_MAX_AGE_SECONDS = "600";

/**
 * The CORS headers of an answer to `request`, or `undefined` when its `Origin` is not listed. `allow` is
 * the route's granted method list; it is sent as `Access-Control-Allow-Methods` on a preflight.
 */
export function corsHeaders(
  request: Request,
  allowedOrigins: ReadonlySet<string>,
  allow: string | undefined,
): Record<string, string> | undefined {
  const origin = request.headers.get("origin");
  if (origin === null || !allowedOrigins.has(origin)) return undefined;
  const headers: Record<string, string> = {
    "access-control-allow-origin": origin,
    // Session cookies are how `authorize` usually knows the caller; the origin is echoed exactly, never "*".
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": EXPOSED_RESPONSE_HEADERS,
    vary: "Origin",
  };
  const preflight = request.method === "OPTIONS" && request.headers.has("access-control-request-method");
  if (preflight && allow !== undefined) {
    headers["access-control-allow-methods"] = allow;
    headers["access-control-allow-headers"] = ALLOWED_REQUEST_HEADERS;
    headers["access-control-max-age"] = PREFLIGHT_MAX_AGE_SECONDS;
  }
  return headers;
}

/** Adds CORS headers to an answer the proxy built (its headers are mutable); `vary` is appended, not replaced. */
export function withCors(response: Response, headers: Record<string, string> | undefined): Response {
  if (!headers) return response;
  for (const [name, value] of Object.entries(headers)) {
    if (name === "vary") response.headers.append(name, value);
    else response.headers.set(name, value);
  }
  return response;
}
