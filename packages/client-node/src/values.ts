import type { Readable } from "node:stream";
import type { KvPutValue } from "@telnyx-kv/core";

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
