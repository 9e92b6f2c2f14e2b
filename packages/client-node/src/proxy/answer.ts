import { buildErrorEnvelope, type KvErrorSpec } from "@telnyx-kv/core/protocol";
import { redactText } from "@telnyx-kv/core/transport";

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
  /** Extra response headers (`Allow` on a 405, `x-ratelimit-*` on a 429). */
  headers?: Record<string, string>;
}

/**
 * Builds a refusal from a catalogue entry (core's `KV_ERRORS`, or `kvErrorForStatus` for a status the
 * catalogue has no name for). Pieces of the request go into `detail` through core's `quoteInput(value,
 * secrets)`, which redacts before it shortens; {@link redactRefusal} then cleans the whole answer again.
 */
export function refusal(
  error: KvErrorSpec,
  detail: string,
  headers?: Record<string, string>,
): KvProxyRefusal {
  const { status, code, title } = error;
  return headers ? { status, code, title, detail, headers } : { status, code, title, detail };
}

/** The refusal with every secret cut out of its detail and header values (the last guard before it is sent). */
export function redactRefusal(refused: KvProxyRefusal, secrets: readonly string[]): KvProxyRefusal {
  const settled: KvProxyRefusal = { ...refused, detail: redactText(refused.detail, secrets) };
  if (refused.headers) {
    settled.headers = Object.fromEntries(
      Object.entries(refused.headers).map(([name, value]) => [name, redactText(value, secrets)]),
    );
  }
  return settled;
}

/** Whether a value is a refusal rather than a parsed result. */
export function isRefusal(value: unknown): value is KvProxyRefusal {
  return typeof value === "object" && value !== null && "status" in value && "detail" in value;
}

/** The response of a refusal: JSON envelope, never cached. */
export function refusalResponse(refused: KvProxyRefusal): Response {
  return new Response(JSON.stringify(buildErrorEnvelope(refused, refused.detail)), {
    status: refused.status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...refused.headers },
  });
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
