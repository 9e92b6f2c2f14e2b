import type { IncomingMessage } from "node:http";

// A refused upload is read and thrown away up to this much, so the client reads the answer, then cut off.
const MAX_DISCARD_BYTES = 8 * 1_048_576;
const MAX_DISCARD_MS = 5_000;

const detachers = new WeakMap<IncomingMessage, () => void>();

/**
 * A web stream over a request body that reads only when pulled (backpressure reaches the socket) and,
 * unlike `Readable.toWeb`, does not destroy the socket when cancelled: the answer still has to go out.
 */
export function requestBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let attached = false;
  let settled = false;
  const detach = () => {
    settled = true;
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("close", onClose);
    req.off("error", onClose);
    req.pause();
  };
  let controller: ReadableStreamDefaultController<Uint8Array>;
  function onData(chunk: Buffer) {
    if (settled) return;
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  }
  function onEnd() {
    if (settled) return;
    detach();
    controller.close();
  }
  function onClose() {
    if (settled || req.complete) return;
    detach();
    controller.error(new Error("The client closed the connection before the request body ended."));
  }
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (!attached) {
          attached = true;
          detachers.set(req, detach);
          req.on("data", onData);
          req.on("end", onEnd);
          req.on("close", onClose);
          req.on("error", onClose);
        }
        req.resume();
      },
      cancel() {
        detach();
      },
    },
    { highWaterMark: 0 },
  );
}

/** After the answer went out, throws away what is left of the body, within bounds, so the socket is freed. */
export function discardRequestBody(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  detachers.get(req)?.();
  let discarded = 0;
  const timer = setTimeout(() => req.destroy(), MAX_DISCARD_MS);
  timer.unref();
  const stop = () => clearTimeout(timer);
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > MAX_DISCARD_BYTES) req.destroy();
  });
  req.once("end", stop);
  req.once("close", stop);
  req.resume();
}
