import { readJson, toKeyPage } from "./convert.js";
import { keyPath, keysPath } from "./limits.js";
import { paginateKeys } from "./pagination.js";
import type { KvTransport } from "./transport.js";
import type {
  KvCallOptions,
  KvKeyList,
  KvListOptions,
  KvNamespaceClient,
  KvPutOptions,
  KvPutResult,
  KvPutValue,
  KvValue,
} from "./types.js";
import { validateKey, validateListLimit, validatePrefix, validateTtlSeconds } from "./validate.js";
import { bufferStream, createKvValue, prepareBody } from "./value.js";
import type { KvKeyListEnvelope } from "./wire.js";

/** Key operations of one namespace, over the shared transport. */
export class KvNamespaceKeys implements KvNamespaceClient {
  readonly id: string;
  readonly #transport: KvTransport;

  readonly #bufferStreams: boolean;

  constructor(transport: KvTransport, id: string, options: { bufferStreams?: boolean } = {}) {
    this.#transport = transport;
    this.id = id;
    this.#bufferStreams = options.bufferStreams ?? false;
  }

  async put(key: string, value: KvPutValue, options: KvPutOptions = {}): Promise<KvPutResult> {
    validateKey(key, "write");
    if (options.ttlSeconds !== undefined) validateTtlSeconds(options.ttlSeconds);
    const body = this.#bufferStreams && value instanceof ReadableStream ? await bufferStream(value) : value;
    const prepared = prepareBody(body, options.contentType);
    const response = await this.#transport.send({
      operation: "keys.put",
      method: "PUT",
      path: keyPath(this.id, key),
      searchParams: { ttl_secs: options.ttlSeconds },
      body: prepared.body,
      headers: { "content-type": prepared.contentType },
      idempotent: true,
      replayable: prepared.replayable,
      namespaceId: this.id,
      key,
      signal: options.signal,
    });
    await response.body?.cancel().catch(() => {});
    return { created: response.status === 201 };
  }

  async putJson(key: string, value: unknown, options: KvPutOptions = {}): Promise<KvPutResult> {
    const text = JSON.stringify(value);
    if (text === undefined)
      throw new TypeError(`Telnyx KV putJson(${JSON.stringify(key)}) got a value JSON cannot represent.`);
    return this.put(key, text, { contentType: "application/json", ...options });
  }

  async get(key: string, options: KvCallOptions = {}): Promise<KvValue | null> {
    validateKey(key, "read");
    const request = {
      operation: "keys.get",
      method: "GET",
      path: keyPath(this.id, key),
      idempotent: true,
      accept: [404],
      namespaceId: this.id,
      key,
      signal: options.signal,
    } as const;
    const response = await this.#transport.send(request);
    if (response.status === 404) {
      await response.body?.cancel().catch(() => {});
      return null;
    }
    return createKvValue(response, (error) => this.#transport.mapBodyError(error, request));
  }

  async getText(key: string, options?: KvCallOptions): Promise<string | null> {
    return (await this.get(key, options))?.text() ?? null;
  }

  async getJson<T = unknown>(key: string, options?: KvCallOptions): Promise<T | null> {
    return (await this.get(key, options))?.json<T>() ?? null;
  }

  async getBytes(key: string, options?: KvCallOptions): Promise<Uint8Array | null> {
    return (await this.get(key, options))?.bytes() ?? null;
  }

  async delete(key: string, options: KvCallOptions = {}): Promise<void> {
    validateKey(key, "write");
    const response = await this.#transport.send({
      operation: "keys.delete",
      method: "DELETE",
      path: keyPath(this.id, key),
      idempotent: true,
      namespaceId: this.id,
      key,
      signal: options.signal,
    });
    await response.body?.cancel().catch(() => {});
  }

  list(options: KvListOptions = {}): KvKeyList {
    const prefix = options.prefix ?? "";
    validatePrefix(prefix);
    if (options.limit !== undefined) validateListLimit(options.limit);
    return paginateKeys(async (cursor) => {
      const context = { operation: "keys.list", namespaceId: this.id };
      const response = await this.#transport.send({
        ...context,
        method: "GET",
        path: keysPath(this.id),
        searchParams: { prefix: prefix === "" ? undefined : prefix, cursor, limit: options.limit },
        idempotent: true,
        signal: options.signal,
      });
      return toKeyPage(await readJson<KvKeyListEnvelope>(response, context, this.#transport.secrets));
    }, options.cursor);
  }
}
