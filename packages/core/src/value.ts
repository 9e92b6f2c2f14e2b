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

/** Turns any accepted value into a request body, checking the 1 MiB limit where the size is known. */
export function prepareBody(value: KvPutValue, contentType: string | undefined): KvPreparedBody {
  let prepared: KvPreparedBody;
  if (typeof value === "string") {
    const bytes = encoder.encode(value);
    prepared = {
      body: bytes,
      contentType: contentType ?? "text/plain; charset=utf-8",
      size: bytes.byteLength,
      replayable: true,
    };
  } else if (value instanceof Uint8Array) {
    prepared = {
      body: value as Uint8Array<ArrayBuffer>,
      contentType: contentType ?? KV_DEFAULT_CONTENT_TYPE,
      size: value.byteLength,
      replayable: true,
    };
  } else if (value instanceof ArrayBuffer) {
    prepared = {
      body: value,
      contentType: contentType ?? KV_DEFAULT_CONTENT_TYPE,
      size: value.byteLength,
      replayable: true,
    };
  } else if (typeof Blob !== "undefined" && value instanceof Blob) {
    prepared = {
      body: value,
      contentType: contentType ?? (value.type || KV_DEFAULT_CONTENT_TYPE),
      size: value.size,
      replayable: true,
    };
  } else if (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) {
    prepared = {
      body: value,
      contentType: contentType ?? KV_DEFAULT_CONTENT_TYPE,
      size: undefined,
      replayable: false,
    };
  } else if (ArrayBuffer.isView(value)) {
    // Other typed arrays and DataViews (Node's Buffer is a Uint8Array and took the branch above).
    const view = value as ArrayBufferView;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    prepared = {
      body: bytes as Uint8Array<ArrayBuffer>,
      contentType: contentType ?? KV_DEFAULT_CONTENT_TYPE,
      size: bytes.byteLength,
      replayable: true,
    };
  } else {
    throw new TypeError(
      `Telnyx KV values are a string, Uint8Array, ArrayBuffer, Blob or ReadableStream (got ${value === null ? "null" : typeof value}); use putJson() for objects.`,
    );
  }
  if (prepared.size !== undefined) validateValueSize(prepared.size);
  return prepared;
}

/**
 * Reads a stream into memory, failing as soon as it passes 1 MiB: for platforms that cannot stream an upload
 * (browsers send a streamed body only over HTTP/2, and then without a content length).
 */
export async function bufferStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > KV_MAX_VALUE_BYTES) {
      await reader.cancel().catch(() => {});
      validateValueSize(size);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
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
  const length = response.headers.get("content-length");
  let cached: Promise<Uint8Array> | undefined;
  let streamTaken = false;
  const bytes = (): Promise<Uint8Array> => {
    if (!cached) {
      if (streamTaken)
        return Promise.reject(
          new TypeError("The value's stream was already read; call bytes() before using stream."),
        );
      cached = response.arrayBuffer().then(
        (buffer) => new Uint8Array(buffer),
        (error: unknown) => {
          throw mapError(error);
        },
      );
    }
    return cached;
  };
  return {
    contentType: response.headers.get("content-type") ?? KV_DEFAULT_CONTENT_TYPE,
    size: length === null ? undefined : Number(length),
    get stream(): ReadableStream<Uint8Array> {
      if (cached) {
        const read = cached;
        return new ReadableStream({
          async start(controller) {
            controller.enqueue(await read);
            controller.close();
          },
        });
      }
      streamTaken = true;
      return response.body
        ? mappedStream(response.body, mapError)
        : new ReadableStream({ start: (controller) => controller.close() });
    },
    bytes,
    text: async () => new TextDecoder().decode(await bytes()),
    json: async <T>() => {
      const text = new TextDecoder().decode(await bytes());
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new SyntaxError(
          `The stored value is not JSON (content type ${response.headers.get("content-type") ?? "unknown"}: ${(error as Error).message}); read it with text() or bytes().`,
        );
      }
    },
  };
}
