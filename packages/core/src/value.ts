import { readCapped } from "./capped-stream.js";
import { KV_DEFAULT_CONTENT_TYPE, KV_MAX_VALUE_BYTES } from "./limits.js";
import type { KvPutValue, KvValue } from "./types.js";
import { validateValueSize } from "./validate.js";

/** A value ready to send: the body, its content type, and whether it can be sent again on a retry. */
export interface KvPreparedBody {
  body: BodyInit;
  contentType: string;
  /** Byte size when known before sending. */
  size: number | undefined;
  replayable: boolean;
}

const encoder = new TextEncoder();
// Stateless without `stream: true`, so one instance serves every read.
const decoder = new TextDecoder();

/** Turns any accepted value into a request body, checking the 1 MiB limit where the size is known. */
export function prepareBody(value: KvPutValue, contentType: string | undefined): KvPreparedBody {
  let body: BodyInit;
  let size: number | undefined;
  let type: string | undefined;
  if (typeof value === "string") {
    const bytes = encoder.encode(value);
    [body, size, type] = [bytes, bytes.byteLength, "text/plain; charset=utf-8"];
  } else if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    [body, size] = [value as Uint8Array<ArrayBuffer>, value.byteLength];
  } else if (typeof Blob !== "undefined" && value instanceof Blob) {
    [body, size, type] = [value, value.size, value.type || undefined];
  } else if (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) {
    body = value;
  } else if (ArrayBuffer.isView(value)) {
    // Other typed arrays and DataViews (Node's Buffer is a Uint8Array and took the branch above).
    const view = value as ArrayBufferView;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    [body, size] = [bytes as Uint8Array<ArrayBuffer>, bytes.byteLength];
  } else {
    throw new TypeError(
      `Telnyx KV values are a string, Uint8Array, ArrayBuffer, Blob or ReadableStream (got ${value === null ? "null" : typeof value}); use putJson() for objects.`,
    );
  }
  if (size !== undefined) validateValueSize(size);
  // Only a stream has no size up front, and only a stream cannot be sent twice.
  return {
    body,
    contentType: contentType ?? type ?? KV_DEFAULT_CONTENT_TYPE,
    size,
    replayable: size !== undefined,
  };
}

/**
 * Reads a stream into memory, failing as soon as it passes 1 MiB: for platforms that cannot stream an upload
 * (browsers send a streamed body only over HTTP/2, and then without a content length).
 */
export async function bufferStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const read = await readCapped(stream, KV_MAX_VALUE_BYTES);
  if (read.overflowed) validateValueSize(read.size);
  return read.bytes();
}

/** The body as a stream whose read errors arrive already mapped to typed, secret-free errors. */
function mappedStream(
  body: ReadableStream<Uint8Array>,
  mapError: (error: unknown) => unknown,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(mapError(error));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Wraps a 200 response of a key read; the body is read lazily, once. */
export function createKvValue(response: Response, mapError: (error: unknown) => unknown): KvValue {
  return new KvResponseValue(response, mapError);
}

const toBytes = (buffer: ArrayBuffer): Uint8Array => new Uint8Array(buffer);
const toText = (bytes: Uint8Array): string => decoder.decode(bytes);

// A class rather than an object of closures: a read is the hottest path, and its methods then cost no
// allocation until they are called.
class KvResponseValue implements KvValue {
  readonly contentType: string;
  readonly size: number | undefined;
  readonly #response: Response;
  readonly #mapError: (error: unknown) => unknown;
  #cached: Promise<Uint8Array> | undefined;
  #streamTaken = false;

  constructor(response: Response, mapError: (error: unknown) => unknown) {
    this.#response = response;
    this.#mapError = mapError;
    const length = response.headers.get("content-length");
    this.contentType = response.headers.get("content-type") ?? KV_DEFAULT_CONTENT_TYPE;
    this.size = length === null ? undefined : Number(length);
  }

  get stream(): ReadableStream<Uint8Array> {
    const read = this.#cached;
    if (read) {
      return new ReadableStream({
        async start(controller) {
          controller.enqueue(await read);
          controller.close();
        },
      });
    }
    this.#streamTaken = true;
    const body = this.#response.body;
    return body
      ? mappedStream(body, this.#mapError)
      : new ReadableStream({ start: (controller) => controller.close() });
  }

  bytes(): Promise<Uint8Array> {
    if (!this.#cached) {
      if (this.#streamTaken)
        return Promise.reject(
          new TypeError("The value's stream was already read; call bytes() before using stream."),
        );
      this.#cached = this.#response.arrayBuffer().then(toBytes, (error: unknown) => {
        throw this.#mapError(error);
      });
    }
    return this.#cached;
  }

  text(): Promise<string> {
    return this.bytes().then(toText);
  }

  async json<T = unknown>(): Promise<T> {
    const text = decoder.decode(await this.bytes());
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new SyntaxError(
        `The stored value is not JSON (content type ${this.#response.headers.get("content-type") ?? "unknown"}: ${(error as Error).message}); read it with text() or bytes().`,
      );
    }
  }
}
