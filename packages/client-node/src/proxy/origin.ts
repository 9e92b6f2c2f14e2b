import { KvConfigError } from "@telnyx-kv/core";
import { KV_ERRORS } from "@telnyx-kv/core/protocol";
import { quoteInput } from "@telnyx-kv/core/transport";
import { type KvProxyRefusal, refusal } from "./answer.js";

/** Validates `allowedOrigins` into the exact origins (`scheme://host[:port]`) a request may come from. */
export function compileAllowedOrigins(
  origins: readonly string[] | undefined,
  secrets: readonly string[],
): ReadonlySet<string> {
  if (origins === undefined) return new Set();
  if (!Array.isArray(origins)) {
    throw new KvConfigError(
      'allowedOrigins must be an array of origins such as ["https://app.example.com"].',
      {
        option: "allowedOrigins",
      },
    );
  }
  const compiled = new Set<string>();
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = typeof origin === "string" ? new URL(origin) : undefined;
    } catch {
      parsed = undefined;
    }
    // An origin is scheme, host and port only; a path or "*" would make the check mean something else.
    const plain =
      parsed !== undefined &&
      /^https?:$/.test(parsed.protocol) &&
      parsed.pathname === "/" &&
      parsed.search === "" &&
      parsed.hash === "" &&
      parsed.username === "" &&
      parsed.password === "" &&
      !String(origin).endsWith("?") &&
      !String(origin).endsWith("#");
    if (!plain || !parsed) {
      throw new KvConfigError(
        `allowedOrigins holds ${quoteInput(String(origin), secrets)}, which is not an origin; write scheme, host and port only, such as "https://app.example.com".`,
        { option: "allowedOrigins" },
      );
    }
    compiled.add(parsed.origin);
  }
  return compiled;
}

/**
 * The refusal of a request a browser sent on behalf of another site, or `undefined`. Checked before the
 * app's own check and for every method: a cross-site `text/plain` or form POST needs no preflight, so
 * CORS alone never stops it. Requests without `Origin` and `Sec-Fetch-Site` (servers, curl) go on.
 */
export function crossSiteRefusal(
  request: Request,
  allowed: ReadonlySet<string>,
  secrets: readonly string[],
): KvProxyRefusal | undefined {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (origin !== null && allowed.has(origin)) return undefined;
  // "same-site" too: another port or subdomain is another origin (and its no-cors GETs carry no Origin).
  if (site === "cross-site" || site === "same-site") {
    return refusal(
      KV_ERRORS.authorizationFailed,
      `The browser sent this request for a page of another origin (Sec-Fetch-Site: ${site}); this proxy serves its own origin only. List the calling page's origin in allowedOrigins to let it in.`,
    );
  }
  if (origin === null || origin === new URL(request.url).origin) return undefined;
  // The browser itself vouches that the page has the proxy's origin: this is what a page behind a
  // TLS-terminating reverse proxy looks like (the handler sees http://, the page has https://).
  if (site === "same-origin") return undefined;
  return refusal(
    KV_ERRORS.authorizationFailed,
    `Requests from origin ${quoteInput(origin, secrets)} are refused: this proxy serves its own origin only. List that origin in allowedOrigins to let it in.`,
  );
}
