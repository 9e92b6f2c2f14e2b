import { Readable } from "node:stream";

/**
 * A web `ReadableStream` over a Node `Readable`, with backpressure. Written by hand rather than with
 * `Readable.toWeb` because that is experimental on Node 18 and slower per chunk on every version.
 */
export function nodeToWebStream(
  source: Readable,
  mapError: (error: unknown) => unknown = (error) => error,
): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on("data", (chunk: Buffer | string) => {
        // A cancelled stream may still see chunks the source had buffered; they have nowhere to go.
        if (finished) return;
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        // Stop the source while the consumer is behind; `pull` resumes it.
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once("end", () => {
        finished = true;
        controller.close();
      });
      source.once("error", (error) => {
        if (finished) return;
        finished = true;
        controller.error(mapError(error));
      });
      source.once("close", () => {
        // A source destroyed without an error or an end must not leave the reader waiting forever.
        if (!finished) {
          finished = true;
          controller.error(mapError(new Error("The stream was closed before it ended.")));
        }
      });
    },
    pull() {
      source.resume();
    },
    cancel(reason) {
      finished = true;
      source.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}

/** The chunks of a web stream as an async iterable; cancels the stream when the consumer stops early. */
export async function* iterateWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** A Node `Readable` over a web stream (for piping into files and `node:http` responses). */
export function webToNodeStream(stream: ReadableStream<Uint8Array>): Readable {
  return Readable.from(iterateWebStream(stream), { objectMode: false });
}
