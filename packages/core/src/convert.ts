import { type KvErrorContext, KvProtocolError } from "./errors.js";
import { redactText } from "./redact.js";
import type { KvKeyPage, KvNamespace, KvNamespacePage } from "./types.js";
import type { KvKeyListEnvelope, KvNamespaceListEnvelope, KvNamespaceRecord } from "./wire.js";

/** Parses a 2xx JSON body; a body that is not JSON is the server's fault, reported as such. */
export async function readJson<T>(
  response: Response,
  context: KvErrorContext,
  secrets: readonly string[],
): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new KvProtocolError(
      `Telnyx KV ${context.operation ?? "request"} got HTTP ${response.status} with a body that is not JSON (${JSON.stringify(redactText(text, secrets).slice(0, 80))}). Check that baseUrl points at the KV API (…/v2).`,
      context,
    );
  }
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

/** Wire key page → friendly key page (a cursor is kept only while `has_more` is true). */
export function toKeyPage(envelope: KvKeyListEnvelope): KvKeyPage {
  const hasMore = envelope.meta?.has_more === true;
  const page: KvKeyPage = {
    keys: (envelope.data ?? []).map((entry) => ({
      key: entry.key,
      sizeBytes: entry.size_bytes,
      updatedAt: entry.updated_at,
    })),
    hasMore,
  };
  if (hasMore && typeof envelope.meta.cursor === "string" && envelope.meta.cursor !== "")
    page.cursor = envelope.meta.cursor;
  return page;
}

/** Wire namespace page → friendly namespace page. */
export function toNamespacePage(envelope: KvNamespaceListEnvelope): KvNamespacePage {
  return {
    namespaces: (envelope.data ?? []).map(toNamespace),
    pageNumber: envelope.meta?.page_number ?? 1,
    pageSize: envelope.meta?.page_size ?? envelope.data?.length ?? 0,
    totalPages: envelope.meta?.total_pages ?? 1,
    totalResults: envelope.meta?.total_results ?? envelope.data?.length ?? 0,
  };
}
