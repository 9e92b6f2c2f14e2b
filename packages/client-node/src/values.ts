import type { Readable } from "node:stream";
import { type KvPutValue, validateValueSize } from "@telnyx-kv/core";

/** Every value the Node client writes: core's values, a `Buffer` (a Uint8Array) or a Node `Readable`. */
export type KvNodePutValue = KvPutValue | Readable;

/** Whether `value` is a Node readable stream (duck-typed, so streams of other copies of Node's API count). */
export function isNodeReadable(value: unknown): value is Readable {
  const candidate = value as Readable | null | undefined;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.pipe === "function" &&
    typeof candidate.on === "function" &&
    typeof candidate.read === "function"
  );
}

/**
 * Reads a streamed value into one buffer, failing with core's size error the moment it passes 1,048,576
 * bytes (before any request is sent). Why not stream the upload: ky clones every request for retries, and
 * that clone tees the body into memory anyway; a buffer can be retried, gets a `content-length`, and avoids
 * Node 18's leak of two MessagePorts per cloned stream body (which also keeps the process from exiting).
 */
export async function readValue(source: Readable | ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks = isNodeReadable(source)
    ? (source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>)
    : source.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  const stop = async () => {
    if ("cancel" in chunks) await chunks.cancel().catch(() => {});
    else await chunks.return?.();
  };
  try {
    for (;;) {
      const next = "read" in chunks ? await chunks.read() : await chunks.next();
      if (next.done) break;
      const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
      total += chunk.byteLength;
      validateValueSize(total);
      parts.push(chunk);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  if (parts.length === 1) return parts[0]!;
  return Buffer.concat(parts, total);
}
