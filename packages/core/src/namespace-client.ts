import { readJson, toKeyPage } from "./convert.js";
import { KvValidationError } from "./errors.js";
import { paginateKeys } from "./pagination.js";
import { keyPath, keysPath } from "./protocol/paths.js";
import { CURSOR_PARAM, LIMIT_PARAM, PREFIX_PARAM, TTL_SECS_PARAM } from "./protocol/query.js";
import {
  KEYS_DELETE as DELETE,
  KEYS_GET as GET,
  KEYS_LIST as LIST,
  KEYS_PUT as PUT,
} from "./protocol/routes.js";
import { keyListProblem } from "./protocol/shapes.js";
import type { KvStandardSchema } from "./schema.js";
import { send } from "./send.js";
import type { KvTransport } from "./transport.js";
import type {
  KvCallOptions,
  KvGetJsonOptions,
  KvJsonValue,
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

// A write may also meet a namespace without TTL support; other calls keep the catalogue's advice.
const PUT_ADVICE = {
  409: "The namespace is not ready (wait with namespaces.waitUntilReady) or, with ttlSeconds, does not support TTL (write without it and keep the expiry in the value).",
};

/** The namespace client: the keys (get, put, delete, list) of one namespace, over the shared transport. */
export class NamespaceClient implements KvNamespaceClient {
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
    const response = await send(this.#transport, {
      op: PUT,
      path: keyPath(this.id, key),
      ...(options.ttlSeconds === undefined
        ? {}
        : { searchParams: { [TTL_SECS_PARAM.name]: options.ttlSeconds } }),
      body: prepared.body,
      headers: { "content-type": prepared.contentType },
      replayable: prepared.replayable,
      namespaceId: this.id,
      key,
      signal: options.signal,
      advice: PUT_ADVICE,
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

  get(key: string, options?: KvCallOptions): Promise<KvValue | null> {
    return this.#read(key, options, (response, mapError) => createKvValue(response, mapError));
  }

  getText(key: string, options?: KvCallOptions): Promise<string | null> {
    // The most common read skips the value object: one decode of the body, read errors mapped alike.
    return this.#read(key, options, (response, mapError) =>
      response.text().catch((error: unknown) => {
        throw mapError(error);
      }),
    );
  }

  /** Reads a key: `null` when it does not exist, else what `take` makes of the 200 answer. */
  async #read<T>(
    key: string,
    options: KvCallOptions = {},
    take: (response: Response, mapError: (error: unknown) => unknown) => T | Promise<T>,
  ): Promise<T | null> {
    validateKey(key, "read");
    const request = {
      op: GET,
      path: keyPath(this.id, key),
      accept: [404],
      namespaceId: this.id,
      key,
      signal: options.signal,
    };
    const response = await send(this.#transport, request);
    if (response.status === 404) {
      await response.body?.cancel().catch(() => {});
      return null;
    }
    return take(response, (error) => this.#transport.mapBodyError(error, request));
  }

  async getJson<T = unknown, S extends KvStandardSchema | undefined = undefined>(
    key: string,
    options?: KvGetJsonOptions<S>,
  ): Promise<KvJsonValue<T, S> | null> {
    // The check is loaded on the first call with a schema: a page that never passes one ships none of it.
    const value = options?.schema
      ? (await import("./schema-check.js")).getJson(
          this,
          key,
          options as { schema: KvStandardSchema },
          KvValidationError,
        )
      : (await this.get(key, options))?.json();
    return ((await value) ?? null) as KvJsonValue<T, S> | null;
  }

  async getBytes(key: string, options?: KvCallOptions): Promise<Uint8Array | null> {
    return (await this.get(key, options))?.bytes() ?? null;
  }

  async delete(key: string, options: KvCallOptions = {}): Promise<void> {
    validateKey(key, "write");
    const response = await send(this.#transport, {
      op: DELETE,
      path: keyPath(this.id, key),
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
      const request = {
        op: LIST,
        path: keysPath(this.id),
        searchParams: {
          [PREFIX_PARAM.name]: prefix === "" ? undefined : prefix,
          [CURSOR_PARAM.name]: cursor,
          [LIMIT_PARAM.name]: options.limit,
        },
        namespaceId: this.id,
        signal: options.signal,
      };
      const response = await send(this.#transport, request);
      return toKeyPage(await readJson<KvKeyListEnvelope>(response, this.#transport, request, keyListProblem));
    }, options.cursor);
  }
}
