import type { KvSchemaOutput, KvStandardSchema } from "./schema.js";
import type { KvNamespaceStatus } from "./wire.js";

/** A namespace, as the clients return it. */
export interface KvNamespace {
  /** UUID that addresses the namespace. */
  id: string;
  /** Name, unique within the account. */
  name: string;
  /** Lifecycle status; key operations need `provision_ok`. */
  status: KvNamespaceStatus;
  /** RFC 3339 creation time. */
  createdAt: string;
  /** RFC 3339 time of the last change. */
  updatedAt: string;
}

/** One listed key (listings never carry values). */
export interface KvKeyInfo {
  key: string;
  /** Size of the stored value in bytes. */
  sizeBytes: number;
  /** RFC 3339 time of the last write, with nanoseconds. */
  updatedAt: string;
}

/** One page of a key listing. */
export interface KvKeyPage {
  keys: KvKeyInfo[];
  /** Pass to `list({ cursor })` to resume after this page; absent on the last page. */
  cursor?: string;
  /** Whether more pages follow. */
  hasMore: boolean;
}

/** One page of a namespace listing. */
export interface KvNamespacePage {
  namespaces: KvNamespace[];
  pageNumber: number;
  pageSize: number;
  totalPages: number;
  totalResults: number;
}

/** Every value a write accepts; strings are sent as UTF-8. */
export type KvPutValue = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

/** Options every call takes. */
export interface KvCallOptions {
  /** Aborts the call, including waits between retries. */
  signal?: AbortSignal;
}

/** Options of `getJson`. */
export interface KvGetJsonOptions<S extends KvStandardSchema | undefined = undefined> extends KvCallOptions {
  /** A Standard Schema (zod 4, valibot 1, arktype 2…) the value must match; its output is returned. @default undefined */
  schema?: S;
}

/** What `getJson` resolves to: the schema's output when a schema is given, else `T`. */
export type KvJsonValue<T, S extends KvStandardSchema | undefined> = S extends KvStandardSchema
  ? KvSchemaOutput<S>
  : T;

/** Options of `put`. */
export interface KvPutOptions extends KvCallOptions {
  /** Stored and echoed on reads. @default "text/plain; charset=utf-8" for strings, the Blob's type, else "application/octet-stream" */
  contentType?: string;
  /** Server-side expiry in whole seconds (1..9223372036); the namespace must support TTL. */
  ttlSeconds?: number;
}

/** Result of `put`. */
export interface KvPutResult {
  /** True when the key did not exist before (201), false when it was overwritten (200). */
  created: boolean;
}

/** Options of a key listing. */
export interface KvListOptions extends KvCallOptions {
  /** Only keys starting with this. @default "" */
  prefix?: string;
  /** Keys per request, 1..1000. @default 1000 */
  limit?: number;
  /** Resume after the page that returned this cursor. */
  cursor?: string;
}

/** A key listing: iterate it for keys, or call `pages()` for whole pages. */
export interface KvKeyList extends AsyncIterable<KvKeyInfo> {
  /** The listing page by page. */
  pages(): AsyncIterable<KvKeyPage>;
  /** Only the first page (after `cursor`): one request, for UIs and the edge-runtime `list`. */
  page(): Promise<KvKeyPage>;
}

/** Options of a namespace listing. */
export interface KvNamespaceListOptions extends KvCallOptions {
  /** Namespaces per request, 1..250. @default 250 */
  pageSize?: number;
}

/** A namespace listing: iterate it for namespaces, or call `pages()` for whole pages. */
export interface KvNamespaceList extends AsyncIterable<KvNamespace> {
  /** The listing page by page. */
  pages(): AsyncIterable<KvNamespacePage>;
}

/** Options of `waitUntilReady`. */
export interface KvWaitOptions extends KvCallOptions {
  /** Give up after this long. @default 60000 */
  timeoutMs?: number;
  /** First poll interval; grows up to 5 s. @default 250 */
  intervalMs?: number;
}

/** A stored value as read: the body can be read once, in the form the caller wants. */
export interface KvValue {
  /** The stored content type. */
  readonly contentType: string;
  /** Size in bytes when the server sent `content-length`. */
  readonly size: number | undefined;
  /** The body as a stream (read once; after `bytes()` it replays the bytes read). */
  readonly stream: ReadableStream<Uint8Array>;
  /** The whole value as bytes. */
  bytes(): Promise<Uint8Array>;
  /** The whole value decoded as UTF-8. */
  text(): Promise<string>;
  /** The whole value parsed as JSON. */
  json<T = unknown>(): Promise<T>;
}

/** A namespace client: the keys of one namespace (get, put, delete, list). */
export interface KvNamespaceClient {
  /** The namespace id. */
  readonly id: string;
  /** Writes a value; resolves once the server stored it. */
  put(key: string, value: KvPutValue, options?: KvPutOptions): Promise<KvPutResult>;
  /** Writes `JSON.stringify(value)` with content type `application/json`. */
  putJson(key: string, value: unknown, options?: KvPutOptions): Promise<KvPutResult>;
  /** Reads a value; `null` when the key does not exist or expired. */
  get(key: string, options?: KvCallOptions): Promise<KvValue | null>;
  /** Reads a value as text; `null` when missing. */
  getText(key: string, options?: KvCallOptions): Promise<string | null>;
  /**
   * Reads a value as parsed JSON; `null` when missing. With `schema` (any Standard Schema: zod, valibot…) the
   * value is checked and typed by it, and a value that fails is a `KvValidationError` naming the key and issues.
   */
  getJson<T = unknown, S extends KvStandardSchema | undefined = undefined>(
    key: string,
    options?: KvGetJsonOptions<S>,
  ): Promise<KvJsonValue<T, S> | null>;
  /** Reads a value as bytes; `null` when missing. */
  getBytes(key: string, options?: KvCallOptions): Promise<Uint8Array | null>;
  /** Deletes a key; succeeds when it did not exist. */
  delete(key: string, options?: KvCallOptions): Promise<void>;
  /** Lists keys in ascending order, following cursors. */
  list(options?: KvListOptions): KvKeyList;
}

/** Namespace management: create, read, delete and list the account's namespaces. */
export interface KvNamespaces {
  /** Creates a namespace (status `pending`); never creates a duplicate when a try is repeated. */
  create(name: string, options?: KvCallOptions): Promise<KvNamespace>;
  /** Reads a namespace. */
  get(id: string, options?: KvCallOptions): Promise<KvNamespace>;
  /** Starts deleting a namespace (status `deleting`). */
  delete(id: string, options?: KvCallOptions): Promise<KvNamespace>;
  /** Lists every namespace of the account, oldest first. */
  list(options?: KvNamespaceListOptions): KvNamespaceList;
  /** Polls until the namespace is `provision_ok`; fails on `provision_failed` or when it disappears. */
  waitUntilReady(id: string, options?: KvWaitOptions): Promise<KvNamespace>;
}

/** The client every package builds on. */
export interface KvClient {
  /** Normalised API root, ending in `/v2`. */
  readonly baseUrl: string;
  /** Namespace management. */
  readonly namespaces: KvNamespaces;
  /** The namespace client of one namespace's keys (validates the id). */
  namespace(id: string): KvNamespaceClient;
}
