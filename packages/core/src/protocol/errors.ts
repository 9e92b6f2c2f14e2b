/** The Telnyx error catalogue as KV answers it, and the error envelope every non-2xx answer carries. */
import { KV_MAX_VALUE_BYTES } from "../limits.js";

/** One entry of the catalogue: the HTTP status, Telnyx's string code, its title, and what to tell the caller. */
export interface KvErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  /** What the caller should do about it, for error messages ("" when there is nothing to add). */
  readonly advice: string;
}

// Each code once, as plain constants: the table below reads them without property reads, and code that needs
// only a code (validate.ts) imports it without the table, so a bundle without HTTP errors ships no catalogue.
const MISSING_PARAMETER = "10004";
const NOT_FOUND = "10005";
export const INVALID_ID = "10006";
const UNEXPECTED = "10007";
const REQUEST_TIMEOUT = "10008";
const AUTHENTICATION_FAILED = "10009";
const AUTHORIZATION_FAILED = "10010";
const TOO_MANY_REQUESTS = "10011";
const DUPLICATE_RESOURCE = "10012";
export const BAD_REQUEST = "10015";
const RESOURCE_IN_USE = "10021";

// Advice shared by several entries.
const CHECK_REQUEST =
  "Check the request against the API rules (keys: [-/_=.a-zA-Z0-9], at most 256 characters).";
const NOT_READY =
  "The namespace is not ready (pending or deleting); wait with namespaces.waitUntilReady(id).";
const SERVICE_FAILED = "The service failed; try again later and quote the request id to Telnyx support.";

/**
 * The one error catalogue: every error KV answers with, by name, with its status, code, title and advice
 * (see docs/API-FACTS.md for which are [doc] and which [choice]). An operation with advice of its own for a
 * status (namespace management, `keys.put`) passes it with its request; everything else reads it here.
 */
export const KV_ERRORS = {
  badRequest: { status: 400, code: BAD_REQUEST, title: "Bad request", advice: CHECK_REQUEST },
  invalidId: { status: 400, code: INVALID_ID, title: "Invalid id", advice: CHECK_REQUEST },
  missingParameter: {
    status: 400,
    code: MISSING_PARAMETER,
    title: "Missing required parameter",
    advice: CHECK_REQUEST,
  },
  authenticationFailed: {
    status: 401,
    code: AUTHENTICATION_FAILED,
    title: "Authentication failed",
    advice: "Check the API key: pass `apiKey` or set TELNYX_API_KEY.",
  },
  authorizationFailed: {
    status: 403,
    code: AUTHORIZATION_FAILED,
    title: "Authorization failed",
    advice: "The API key may not do this; check its permissions in the Telnyx portal.",
  },
  notFound: {
    status: 404,
    code: NOT_FOUND,
    title: "Resource not found",
    advice: "The namespace does not exist or was deleted; check the namespace id.",
  },
  methodNotAllowed: { status: 405, code: BAD_REQUEST, title: "Method not allowed", advice: "" },
  requestTimeout: { status: 408, code: REQUEST_TIMEOUT, title: "Request timeout", advice: "" },
  duplicateResource: {
    status: 409,
    code: DUPLICATE_RESOURCE,
    title: "Duplicate resource",
    advice: "It already exists; pick another name.",
  },
  resourceInUse: { status: 409, code: RESOURCE_IN_USE, title: "Resource in use", advice: NOT_READY },
  payloadTooLarge: {
    status: 413,
    code: BAD_REQUEST,
    title: "Payload too large",
    advice: `Values are at most ${KV_MAX_VALUE_BYTES} bytes (1 MiB); split the value over several keys.`,
  },
  uriTooLong: { status: 414, code: BAD_REQUEST, title: "URI too long", advice: "" },
  tooManyRequests: {
    status: 429,
    code: TOO_MANY_REQUESTS,
    title: "Too many requests",
    advice: "Rate limited; slow down and try again.",
  },
  unexpected: { status: 500, code: UNEXPECTED, title: "Unexpected error", advice: SERVICE_FAILED },
  badGateway: { status: 502, code: UNEXPECTED, title: "Bad gateway", advice: SERVICE_FAILED },
  serviceUnavailable: {
    status: 503,
    code: UNEXPECTED,
    title: "Service unavailable",
    advice: SERVICE_FAILED,
  },
} as const satisfies Record<string, KvErrorSpec>;

/** A name of {@link KV_ERRORS}. */
export type KvErrorName = keyof typeof KV_ERRORS;

/** A code of {@link KV_ERRORS} (`KV_ERRORS.notFound.code` is `"10005"`). */
export type KvErrorCode = (typeof KV_ERRORS)[KvErrorName]["code"];

// The entry a bare status maps to when nothing more specific is known (409 is "in use", not "duplicate").
const DEFAULT_FOR_STATUS: readonly KvErrorName[] = [
  "badRequest",
  "authenticationFailed",
  "authorizationFailed",
  "notFound",
  "methodNotAllowed",
  "requestTimeout",
  "resourceInUse",
  "payloadTooLarge",
  "uriTooLong",
  "tooManyRequests",
  "unexpected",
  "badGateway",
  "serviceUnavailable",
];

/** The catalogue entry for a status: its default entry, or a 4xx/5xx fallback with the status's own number. */
export function kvErrorForStatus(status: number): KvErrorSpec {
  for (const name of DEFAULT_FOR_STATUS) if (KV_ERRORS[name].status === status) return KV_ERRORS[name];
  return status >= 500
    ? { ...KV_ERRORS.unexpected, status }
    : { status, code: BAD_REQUEST, title: "Request refused", advice: "" };
}

/** One entry of the error envelope; `code` is a string such as `"10015"`. */
export interface KvWireError {
  code: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
}

/** The error envelope every non-2xx answer carries: `{"errors":[…]}`. */
export interface KvErrorEnvelope {
  errors: KvWireError[];
}

/** The envelope of one error: the entry's code and title, and a detail that says how to fix the request. */
export function buildErrorEnvelope(
  error: Pick<KvErrorSpec, "code" | "title">,
  detail: string,
): KvErrorEnvelope {
  return { errors: [{ code: error.code, title: error.title, detail }] };
}

/** Normalises an envelope's errors: codes become strings, non-objects are dropped; `undefined` if not one. */
export function parseErrorEnvelope(text: string): KvWireError[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors
    .filter((entry): entry is Record<string, unknown> => typeof entry === "object" && entry !== null)
    .map((entry) => {
      const error: KvWireError = { code: entry.code === undefined ? "" : String(entry.code) };
      if (typeof entry.title === "string") error.title = entry.title;
      if (typeof entry.detail === "string") error.detail = entry.detail;
      if (typeof entry.source === "object" && entry.source !== null)
        error.source = entry.source as KvWireError["source"];
      if (typeof entry.meta === "object" && entry.meta !== null)
        error.meta = entry.meta as Record<string, unknown>;
      return error;
    });
}
