import type { Readable } from "node:stream";
import type {
  KvCallOptions,
  KvGetJsonOptions,
  KvJsonValue,
  KvKeyList,
  KvListOptions,
  KvNamespaceClient,
  KvPutOptions,
  KvPutResult,
  KvStandardSchema,
  KvValue,
} from "@telnyx-kv/core";
import { type KvBulkOptions, type KvBulkResult, type KvBulkTask, runBulk } from "./bulk.js";
import { streamBulk } from "./bulk-stream.js";
import { getToFile, type KvFileInfo, putFile } from "./files.js";
import { scopedSignal } from "./operation-scope.js";
import { nodeToWebStream, webToNodeStream } from "./streams.js";
import { settleBulk, settleRead, tracedEach, tracedKeyList, traceOperation } from "./trace-operation.js";
import { isTraced, type KvOperationTraceContext, operationChannel } from "./tracing-channels.js";
import { isNodeReadable, type KvNodePutValue } from "./values.js";

/** How `getMany` decodes values. */
export type KvGetManyType = "text" | "json" | "bytes";

/** Options of `getMany`. */
export interface KvGetManyOptions extends KvBulkOptions {
  /** How values are decoded. @default "text" */
  type?: KvGetManyType;
}

/** A value read by `getEach`: its bytes and the content type it was stored with. */
export interface KvValueBytes {
  bytes: Uint8Array;
  contentType: string;
}

/** One write of `putMany`. */
export interface KvPutManyEntry extends Omit<KvPutOptions, "signal"> {
  key: string;
  value: KvNodePutValue;
}

/** The Node namespace client: the keys of one namespace, plus what only Node has: streams, files and bulk work. */
export interface KvNodeNamespaceClient extends KvNamespaceClient {
  /** Writes a value; also takes a `Buffer` or a Node `Readable` (read up to the 1 MiB limit, then sent). */
  put(key: string, value: KvNodePutValue, options?: KvPutOptions): Promise<KvPutResult>;
  /** Reads a value as a Node `Readable`; `null` when missing. */
  getStream(key: string, options?: KvCallOptions): Promise<Readable | null>;
  /** Uploads a file (size checked before any byte is sent). */
  putFile(key: string, path: string, options?: KvPutOptions): Promise<KvPutResult>;
  /** Downloads a value into a file, atomically; `null` (nothing written) when missing. */
  getToFile(key: string, path: string, options?: KvCallOptions): Promise<KvFileInfo | null>;
  /** Reads many keys; a missing key is a success with value `null`. */
  getMany(
    keys: Iterable<string>,
    options?: KvGetManyOptions & { type?: "text" },
  ): Promise<KvBulkResult<string | null>[]>;
  /** Reads many keys as bytes. */
  getMany(
    keys: Iterable<string>,
    options: KvGetManyOptions & { type: "bytes" },
  ): Promise<KvBulkResult<Uint8Array | null>[]>;
  /** Reads many keys as parsed JSON. */
  getMany<T = unknown>(
    keys: Iterable<string>,
    options: KvGetManyOptions & { type: "json" },
  ): Promise<KvBulkResult<T | null>[]>;
  /**
   * Reads many keys (a listing, say) and yields each result in input order as it is ready, with bytes and
   * content type; paced like `getMany`, holding at most twice `concurrency` values, so memory stays flat.
   */
  getEach(
    keys: Iterable<string> | AsyncIterable<string>,
    options?: KvBulkOptions,
  ): AsyncGenerator<KvBulkResult<KvValueBytes | null>>;
  /** Writes many values. */
  putMany(entries: Iterable<KvPutManyEntry>, options?: KvBulkOptions): Promise<KvBulkResult<KvPutResult>[]>;
  /** Deletes many keys. */
  deleteMany(keys: Iterable<string>, options?: KvBulkOptions): Promise<KvBulkResult<undefined>[]>;
  /** Deletes every key starting with `prefix` (listing and deleting as it goes). */
  deletePrefix(prefix: string, options?: KvBulkOptions): Promise<KvBulkResult<undefined>[]>;
}

function* tasks<I, T>(items: Iterable<I>, make: (item: I) => KvBulkTask<T>): Generator<KvBulkTask<T>> {
  for (const item of items) yield make(item);
}

/** A bulk call's context: its item count is known at the start only for an array. */
function bulkContext(operation: string, id: string, items: Iterable<unknown>): KvOperationTraceContext {
  return Array.isArray(items)
    ? { operation, namespaceId: id, count: items.length }
    : { operation, namespaceId: id };
}

/**
 * Wraps core's namespace client; every endpoint call still goes through core. Each public call is one
 * `telnyx-kv:operation` trace when someone listens (checked first, so an unobserved call costs one flag);
 * the items of a bulk call are parts of its one trace, not traces of their own.
 */
export class NodeNamespaceClient implements KvNodeNamespaceClient {
  readonly id: string;
  readonly #keys: KvNamespaceClient;

  constructor(keys: KvNamespaceClient) {
    this.id = keys.id;
    this.#keys = keys;
  }

  #keyContext(operation: string, key: string): KvOperationTraceContext {
    return { operation, namespaceId: this.id, key };
  }

  put(key: string, value: KvNodePutValue, options?: KvPutOptions): Promise<KvPutResult> {
    if (!isTraced(operationChannel)) return this.#put(key, value, options);
    return traceOperation(this.#keyContext("put", key), options, (scoped) => this.#put(key, value, scoped));
  }

  async #put(key: string, value: KvNodePutValue, options?: KvPutOptions): Promise<KvPutResult> {
    // Core reads streams into one buffer (bufferStreams), checking the 1 MiB limit as the bytes arrive.
    return this.#keys.put(key, isNodeReadable(value) ? nodeToWebStream(value) : value, options);
  }

  putJson(key: string, value: unknown, options?: KvPutOptions): Promise<KvPutResult> {
    if (!isTraced(operationChannel)) return this.#keys.putJson(key, value, options);
    return traceOperation(this.#keyContext("putJson", key), options, (scoped) =>
      this.#keys.putJson(key, value, scoped),
    );
  }

  get(key: string, options?: KvCallOptions): Promise<KvValue | null> {
    if (!isTraced(operationChannel)) return this.#keys.get(key, options);
    return traceOperation(
      this.#keyContext("get", key),
      options,
      (scoped) => this.#keys.get(key, scoped),
      settleRead,
    );
  }

  getText(key: string, options?: KvCallOptions): Promise<string | null> {
    if (!isTraced(operationChannel)) return this.#keys.getText(key, options);
    return traceOperation(
      this.#keyContext("getText", key),
      options,
      (scoped) => this.#keys.getText(key, scoped),
      settleRead,
    );
  }

  getJson<T = unknown, S extends KvStandardSchema | undefined = undefined>(
    key: string,
    options?: KvGetJsonOptions<S>,
  ): Promise<KvJsonValue<T, S> | null> {
    if (!isTraced(operationChannel)) return this.#keys.getJson<T, S>(key, options);
    return traceOperation(
      this.#keyContext("getJson", key),
      options,
      (scoped) => this.#keys.getJson<T, S>(key, scoped),
      settleRead,
    );
  }

  getBytes(key: string, options?: KvCallOptions): Promise<Uint8Array | null> {
    if (!isTraced(operationChannel)) return this.#keys.getBytes(key, options);
    return traceOperation(
      this.#keyContext("getBytes", key),
      options,
      (scoped) => this.#keys.getBytes(key, scoped),
      settleRead,
    );
  }

  delete(key: string, options?: KvCallOptions): Promise<void> {
    if (!isTraced(operationChannel)) return this.#keys.delete(key, options);
    return traceOperation(this.#keyContext("delete", key), options, (scoped) =>
      this.#keys.delete(key, scoped),
    );
  }

  list(options?: KvListOptions): KvKeyList {
    const prefix = options?.prefix ?? "";
    return tracedKeyList(
      this.#keys.list(options),
      (scoped) => this.#keys.list(scoped),
      options,
      () => ({ operation: "list", namespaceId: this.id, prefix }),
    );
  }

  getStream(key: string, options?: KvCallOptions): Promise<Readable | null> {
    const run = async (callOptions?: KvCallOptions) => {
      const value = await this.#keys.get(key, callOptions);
      return value ? webToNodeStream(value.stream) : null;
    };
    return isTraced(operationChannel)
      ? traceOperation(this.#keyContext("getStream", key), options, run, settleRead)
      : run(options);
  }

  putFile(key: string, path: string, options?: KvPutOptions): Promise<KvPutResult> {
    if (!isTraced(operationChannel)) return putFile(this.#keys, key, path, options);
    return traceOperation(this.#keyContext("putFile", key), options, (scoped) =>
      putFile(this.#keys, key, path, scoped),
    );
  }

  getToFile(key: string, path: string, options?: KvCallOptions): Promise<KvFileInfo | null> {
    if (!isTraced(operationChannel)) return getToFile(this.#keys, key, path, options);
    return traceOperation(
      this.#keyContext("getToFile", key),
      options,
      (scoped) => getToFile(this.#keys, key, path, scoped),
      settleRead,
    );
  }

  getMany(
    keys: Iterable<string>,
    options?: KvGetManyOptions & { type?: "text" },
  ): Promise<KvBulkResult<string | null>[]>;
  getMany(
    keys: Iterable<string>,
    options: KvGetManyOptions & { type: "bytes" },
  ): Promise<KvBulkResult<Uint8Array | null>[]>;
  getMany<T = unknown>(
    keys: Iterable<string>,
    options: KvGetManyOptions & { type: "json" },
  ): Promise<KvBulkResult<T | null>[]>;
  getMany<T = unknown>(
    keys: Iterable<string>,
    options: KvGetManyOptions = {},
  ): Promise<KvBulkResult<string | Uint8Array | T | null>[]> {
    const type = options.type ?? "text";
    const read = async (key: string, signal: AbortSignal | undefined) => {
      const value = await this.#keys.get(key, signal ? { signal } : {});
      if (!value) return null;
      return type === "bytes" ? value.bytes() : type === "json" ? value.json<T>() : value.text();
    };
    const run = (bulkOptions: KvBulkOptions) =>
      runBulk(
        "getMany",
        tasks(keys, (key) => ({ key, run: (own) => read(key, own) })),
        bulkOptions,
      );
    if (!isTraced(operationChannel)) return run(options);
    return traceOperation(bulkContext("getMany", this.id, keys), options, run, settleBulk);
  }

  getEach(
    keys: Iterable<string> | AsyncIterable<string>,
    options: KvBulkOptions = {},
  ): AsyncGenerator<KvBulkResult<KvValueBytes | null>> {
    const read = async (key: string, signal: AbortSignal | undefined): Promise<KvValueBytes | null> => {
      const value = await this.#keys.get(key, signal ? { signal } : {});
      return value ? { bytes: await value.bytes(), contentType: value.contentType } : null;
    };
    async function* source(): AsyncGenerator<KvBulkTask<KvValueBytes | null>> {
      for await (const key of keys) yield { key, run: (signal) => read(key, signal) };
    }
    if (!isTraced(operationChannel)) return streamBulk("getEach", source(), options);
    const context: KvOperationTraceContext = Array.isArray(keys)
      ? { operation: "getEach", namespaceId: this.id, count: keys.length }
      : { operation: "getEach", namespaceId: this.id };
    const signal = scopedSignal({ context }, options.signal);
    return tracedEach(context, streamBulk("getEach", source(), { ...options, signal }));
  }

  putMany(
    entries: Iterable<KvPutManyEntry>,
    options: KvBulkOptions = {},
  ): Promise<KvBulkResult<KvPutResult>[]> {
    const run = (bulkOptions: KvBulkOptions) =>
      runBulk(
        "putMany",
        tasks(entries, ({ key, value, ...putOptions }) => ({
          key,
          run: (own) => this.#put(key, value, own ? { ...putOptions, signal: own } : putOptions),
        })),
        bulkOptions,
      );
    if (!isTraced(operationChannel)) return run(options);
    return traceOperation(bulkContext("putMany", this.id, entries), options, run, settleBulk);
  }

  deleteMany(keys: Iterable<string>, options: KvBulkOptions = {}): Promise<KvBulkResult<undefined>[]> {
    const run = (bulkOptions: KvBulkOptions) =>
      runBulk(
        "deleteMany",
        tasks(keys, (key) => this.#deleteTask(key)),
        bulkOptions,
      );
    if (!isTraced(operationChannel)) return run(options);
    return traceOperation(bulkContext("deleteMany", this.id, keys), options, run, settleBulk);
  }

  deletePrefix(prefix: string, options: KvBulkOptions = {}): Promise<KvBulkResult<undefined>[]> {
    if (!isTraced(operationChannel)) return this.#deletePrefix(prefix, options);
    return traceOperation(
      { operation: "deletePrefix", namespaceId: this.id, prefix },
      options,
      (scoped) => this.#deletePrefix(prefix, scoped),
      settleBulk,
    );
  }

  async #deletePrefix(prefix: string, options: KvBulkOptions = {}): Promise<KvBulkResult<undefined>[]> {
    // Listings are seek-based (`key > last`), so deleting listed keys never makes the listing skip one.
    const listing = this.#keys.list({ prefix, ...(options.signal ? { signal: options.signal } : {}) });
    const deleteTask = (key: string) => this.#deleteTask(key);
    async function* source(): AsyncGenerator<KvBulkTask<undefined>> {
      for await (const info of listing) yield deleteTask(info.key);
    }
    return runBulk("deletePrefix", source(), options);
  }

  #deleteTask(key: string): KvBulkTask<undefined> {
    return {
      key,
      run: async (signal) => {
        await this.#keys.delete(key, signal ? { signal } : {});
        return undefined;
      },
    };
  }
}
