/** Which headers cross the proxy in each direction; an allowlist inbound, a blocklist outbound. */

// Inbound only what the API reads: never cookies, authorization, forwarding or fault-injection headers.
const FORWARDED_REQUEST_HEADERS = ["accept", "content-type", "user-agent"] as const;

// Hop-by-hop headers (RFC 9110 §7.6.1) and what belongs to the app's origin, not the API's.
const DROPPED_RESPONSE_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "set-cookie",
  "set-cookie2",
  "alt-svc",
  "strict-transport-security",
]);

/** Headers of the upstream request: the allowlisted ones, the server-side key, and an uncompressed body. */
export function upstreamRequestHeaders(
  incoming: Headers,
  apiKey: string,
  bodyLength: string | undefined,
): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  // Values pass byte-exact only if nobody compresses them on the way back.
  headers.set("accept-encoding", "identity");
  if (bodyLength !== undefined) headers.set("content-length", bodyLength);
  headers.set("authorization", `Bearer ${apiKey}`);
  return headers;
}

/** Headers of the answer to the client: the upstream's, minus hop-by-hop, cookies and CORS. */
export function downstreamResponseHeaders(upstream: Headers): Headers {
  const headers = new Headers();
  const named = new Set(
    (upstream.get("connection") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  // fetch decompresses on its own, so a compressed answer's encoding and length no longer describe the body.
  const decoded = upstream.has("content-encoding");
  for (const [name, value] of upstream) {
    if (DROPPED_RESPONSE_HEADERS.has(name) || named.has(name) || name.startsWith("access-control-")) continue;
    if (decoded && (name === "content-encoding" || name === "content-length")) continue;
    headers.append(name, value);
  }
  return headers;
}
