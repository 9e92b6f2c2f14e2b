import type { OutgoingHttpHeaders } from "node:http";
import { KV_RATE_LIMIT_HEADERS, KV_ROUTES, kvAllowHeader } from "@telnyx-kv/core/protocol";
import { FAULT_HEADER } from "./faults.js";

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?$/i;
// Every method of every route in the protocol table: a preflight does not say which route it is for.
const ALLOW_METHODS = [
  ...new Set(Object.values(KV_ROUTES).flatMap((route) => kvAllowHeader(route.name).split(", "))),
].join(", ");
const ALLOW_HEADERS = `authorization, content-type, accept, x-request-id, ${FAULT_HEADER}`;
const EXPOSE_HEADERS = [
  "x-request-id",
  ...Object.values(KV_RATE_LIMIT_HEADERS),
  "retry-after",
  "content-type",
  "content-length",
].join(", ");

/** Which origins may call the emulator from a browser, and the headers that tell the browser so. */
export class CorsPolicy {
  private readonly any: boolean;
  private readonly listed: Set<string> | undefined;

  /** `undefined`: localhost-like origins on any port; `"*"`: every origin; a list: exactly those. */
  constructor(origins: readonly string[] | "*" | undefined) {
    this.any = origins === "*";
    this.listed = Array.isArray(origins) ? new Set(origins.map((o) => o.replace(/\/$/, ""))) : undefined;
  }

  /** Whether `origin` is allowed. */
  allows(origin: string): boolean {
    if (this.any) return true;
    return this.listed ? this.listed.has(origin) : LOCAL_ORIGIN.test(origin);
  }

  /** Adds the CORS response headers for a request's `Origin` (nothing when absent or refused). */
  apply(origin: string | undefined, headers: OutgoingHttpHeaders): void {
    if (!origin || !this.allows(origin)) return;
    headers["access-control-allow-origin"] = this.any ? "*" : origin;
    if (!this.any) headers.vary = "Origin";
    headers["access-control-expose-headers"] = EXPOSE_HEADERS;
  }

  /** Adds the preflight headers; the browser's requested headers are echoed so SDK-specific ones pass too. */
  applyPreflight(requestedHeaders: string | undefined, headers: OutgoingHttpHeaders): void {
    headers["access-control-allow-methods"] = ALLOW_METHODS;
    headers["access-control-allow-headers"] = requestedHeaders
      ? `${ALLOW_HEADERS}, ${requestedHeaders}`
      : ALLOW_HEADERS;
    headers["access-control-max-age"] = "600";
  }
}
