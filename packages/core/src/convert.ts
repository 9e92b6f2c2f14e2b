import { KvProtocolError } from "./errors.js";
import { responseHeadersOf } from "./http-error.js";
import { redactText } from "./redact.js";
import type { KvRequest, KvTransport } from "./transport.js";
import type { KvKeyPage, KvNamespace, KvNamespacePage } from "./types.js";
import type { KvKeyListEnvelope, KvNamespaceListEnvelope, KvNamespaceRecord } from "./wire.js";

/** A wire-shape guard: why a parsed body is not the expected shape, or `undefined`. */
export type KvShapeGuard = (value: unknown) => string | undefined;

function protocolError(
  response: Response,
  transport: KvTransport,
  request: KvRequest,
  text: string,
  what: string,
): KvProtocolError {
  const context = transport.context(request);
  const snippet = redactText(text, transport.secrets).replace(/\s+/g, " ").trim().slice(0, 120);
  return new KvProtocolError(
    `Telnyx KV ${context.operation ?? "request"} got HTTP ${response.status} with ${what} (${JSON.stringify(snippet)}). Check that baseUrl points at the KV API (…/v2) and not at a proxy or another service.`,
    {
      ...context,
      status: response.status,
      bodySnippet: snippet,
      responseHeaders: responseHeadersOf(response, transport.secrets),
    },
  );
}

/**
 * Reads a 2xx JSON body and checks it against its wire shape: a body cut off is a typed network error, one
 * that is not JSON or not the shape a {@link KvProtocolError}.
 */
export async function readJson<T>(
  response: Response,
  transport: KvTransport,
  request: KvRequest,
  guard: KvShapeGuard,
): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transport.mapBodyError(error, request);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw protocolError(response, transport, request, text, "a body that is not JSON");
  }
  const problem = guard(parsed);
  if (problem !== undefined)
    throw protocolError(response, transport, request, text, `a body of the wrong shape: ${problem}`);
  return parsed as T;
}

/** Wire namespace → friendly namespace. */
export function toNamespace(record: KvNamespaceRecord): KvNamespace {
  return {
    id: record.id,
    name: record.name,
    status: record.status,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
  };
}

/** Wire key page (already checked by `keyListProblem`) → friendly key page; the cursor is kept only while `has_more`. */
export function toKeyPage(envelope: KvKeyListEnvelope): KvKeyPage {
  const page: KvKeyPage = {
    keys: envelope.data.map((entry) => ({
      key: entry.key,
      sizeBytes: entry.size_bytes,
      updatedAt: entry.updated_at,
    })),
    hasMore: envelope.meta.has_more,
  };
  if (envelope.meta.has_more && envelope.meta.cursor) page.cursor = envelope.meta.cursor;
  return page;
}

/** Wire namespace page (already checked by `namespaceListProblem`) → friendly namespace page. */
export function toNamespacePage(envelope: KvNamespaceListEnvelope): KvNamespacePage {
  const { data, meta } = envelope;
  return {
    namespaces: data.map(toNamespace),
    pageNumber: meta.page_number,
    pageSize: meta.page_size,
    totalPages: meta.total_pages,
    totalResults: meta.total_results,
  };
}
