import type { IncomingMessage } from "node:http";
import { createByteCap } from "@telnyx-kv/core/transport";
import type { Exchange } from "./exchange.js";
import { type KvProblem, problem } from "./problem.js";

/** Outcome of reading a request body under a size limit; `size` of a refused body is the bytes seen so far. */
export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: "too-large"; size: number }
  | { ok: false; reason: "aborted" };

// After refusing a body, read and discard at most this much so the client can see the answer, then hang up.
const MAX_DRAIN_BYTES = 16 * 1_048_576;
const MAX_DRAIN_MS = 10_000;

/** The declared `content-length` when it is over `limit` (refuse before reading a byte), else `undefined`. */
export function declaredTooLarge(req: IncomingMessage, limit: number): number | undefined {
  const declared = req.headers["content-length"];
  if (declared === undefined) return undefined;
  const size = Number(declared);
  return size > limit ? size : undefined;
}

/**
 * Reads a body, refusing it as soon as more than `limit` bytes arrived: at most `limit` bytes are ever held,
 * whatever the client declared or keeps sending.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    // Core's capped reader holds the bytes: never more than `limit` of them.
    const cap = createByteCap(limit);
    const finish = (result: BodyResult): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      if (!cap.add(chunk)) {
        req.pause();
        finish({ ok: false, reason: "too-large", size: cap.size });
      }
    };
    const onEnd = (): void => {
      const bytes = cap.bytes();
      finish({ ok: true, body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    };
    const onAbort = (): void => {
      if (!req.complete) finish({ ok: false, reason: "aborted" });
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("close", onAbort);
  });
}

/**
 * Discards the rest of a refused body so the client, still sending, reads the answer instead of a reset;
 * a client that keeps sending past a bound is disconnected.
 */
export function drainRefusedBody(req: IncomingMessage): void {
  if (req.complete) return;
  let drained = 0;
  const timer = setTimeout(() => req.socket.destroy(), MAX_DRAIN_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) req.socket.destroy();
  });
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

/**
 * The body of a request, at most `limit` bytes: refused before reading when the declared length is over,
 * else `100 Continue` is sent if the client waits for it and the body is read. A body over the limit is
 * drained and `tooLarge(size)` (given the declared or received byte count) is thrown; a client that aborted
 * gets a 400 problem (sent only if its connection is still there).
 */
export async function receiveBody(
  ex: Exchange,
  limit: number,
  tooLarge: (size: number) => KvProblem,
): Promise<Buffer> {
  const declared = declaredTooLarge(ex.req, limit);
  if (declared !== undefined) {
    drainRefusedBody(ex.req);
    throw tooLarge(declared);
  }
  if (ex.expectsContinue) ex.res.writeContinue();
  const result = await readBody(ex.req, limit);
  if (result.ok) return result.body;
  if (result.reason === "too-large") {
    drainRefusedBody(ex.req);
    throw tooLarge(result.size);
  }
  throw problem("badRequest", "The request body ended before it was complete. Send the whole body.");
}
