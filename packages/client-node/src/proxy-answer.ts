import { KvErrorCodes, type KvErrorEnvelope } from "@telnyx-kv/core";

/** A refusal the proxy answers itself, in the Telnyx error envelope, without calling the API. */
export interface KvProxyRefusal {
  /** HTTP status of the answer. */
  status: number;
  /** Telnyx catalogue code, a string such as "10010". */
  code: string;
  /** Short title of the envelope error. */
  title: string;
  /** What was refused and why, in words; never the API key. */
  detail: string;
  /** Extra response headers (`Allow` on a 405). */
  headers?: Record<string, string>;
}

/** Builds a refusal; the detail must never contain the API key (it only ever names the request's parts). */
export function refusal(status: number, detail: string, headers?: Record<string, string>): KvProxyRefusal {
  const [code, title] = STATUS_CODES[status] ?? [KvErrorCodes.badRequest, "Bad request"];
  return headers ? { status, code, title, detail, headers } : { status, code, title, detail };
}

// The catalogue code each status maps to, as the real API and the emulator answer them.
const STATUS_CODES: Record<number, [string, string]> = {
  400: [KvErrorCodes.badRequest, "Bad request"],
  403: [KvErrorCodes.authorizationFailed, "Forbidden"],
  404: [KvErrorCodes.notFound, "Not found"],
  405: [KvErrorCodes.badRequest, "Method not allowed"],
  413: [KvErrorCodes.badRequest, "Request body too large"],
  414: [KvErrorCodes.badRequest, "Request path too long"],
  500: [KvErrorCodes.unexpected, "Unexpected error"],
  502: [KvErrorCodes.unexpected, "Bad gateway"],
};

/** Whether a value is a refusal rather than a parsed result. */
export function isRefusal(value: unknown): value is KvProxyRefusal {
  return typeof value === "object" && value !== null && "status" in value && "detail" in value;
}

/** The response of a refusal: JSON envelope, never cached. */
export function refusalResponse(refused: KvProxyRefusal): Response {
  const envelope: KvErrorEnvelope = {
    errors: [{ code: refused.code, title: refused.title, detail: refused.detail }],
  };
  return new Response(JSON.stringify(envelope), {
    status: refused.status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...refused.headers },
  });
}

/** Shortens and quotes a piece of the request for a detail message. */
export function quoteInput(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

const upstreamResets = new WeakSet<Response>();

/** Marks a 502 whose upstream connection broke after the request left, so the node adapter can mirror the reset. */
export function markUpstreamReset(response: Response): Response {
  upstreamResets.add(response);
  return response;
}

/** Whether a response stands for an upstream connection that broke mid-request (the outcome is unknown). */
export function isUpstreamReset(response: Response): boolean {
  return upstreamResets.has(response);
}
