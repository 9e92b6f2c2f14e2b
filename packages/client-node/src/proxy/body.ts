import { createByteCap } from "@telnyx-kv/core/transport";

/** A request body under a size cap, counted while it streams (never buffered). */
export interface KvCappedBody {
  /** The body to forward; it errors as soon as more than the cap went through. */
  stream: ReadableStream<Uint8Array>;
  /** Whether the cap was passed (the forward then failed because of the client, not the API). */
  overflowed(): boolean;
}

/** Wraps `body` so that byte `limit + 1` aborts the upload instead of reaching the API. */
export function capBody(body: ReadableStream<Uint8Array>, limit: number): KvCappedBody {
  // Counted by core's capped reader, never kept: the body streams on to the API.
  const cap = createByteCap(limit, { keep: false });
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (!cap.add(chunk)) {
        controller.error(new RangeError(`The request body is larger than ${limit} bytes.`));
        return;
      }
      controller.enqueue(chunk);
    },
  });
  return { stream: body.pipeThrough(counter), overflowed: () => cap.overflowed };
}

/**
 * The problem with a declared `content-length`, or `undefined` when it is absent or within `limit`:
 * "invalid" or "too-large", so an oversize upload is refused before a byte of it is read.
 */
export function declaredLengthProblem(
  declared: string | null,
  limit: number,
): "invalid" | "too-large" | undefined {
  if (declared === null) return undefined;
  if (!/^[0-9]+$/.test(declared.trim())) return "invalid";
  return Number(declared) > limit ? "too-large" : undefined;
}
