/**
 * The one capped reader of a body: counts bytes as they arrive and keeps at most `limit` of them, for every
 * body read under a size cap (a streamed value, an error answer, the proxy's upload, the emulator's request).
 * No Node modules: the Node callers hand it their chunks.
 */

/** Bytes counted against a cap as they arrive; the first `limit` are kept. */
export interface KvByteCap {
  /** Bytes seen so far, including any past the cap. */
  readonly size: number;
  /** Whether more than `limit` bytes arrived. */
  readonly overflowed: boolean;
  /** Counts a chunk and keeps what fits under the cap; `false` once the cap is passed. */
  add(chunk: Uint8Array): boolean;
  /** The kept bytes (at most `limit`), as one array. */
  bytes(): Uint8Array;
}

/** Starts counting against `limit` bytes; with `keep: false` chunks are only counted (a pass-through). */
export function createByteCap(limit: number, options: { keep?: boolean } = {}): KvByteCap {
  const keep = options.keep ?? true;
  const chunks: Uint8Array[] = [];
  let size = 0;
  let kept = 0;
  return {
    get size() {
      return size;
    },
    get overflowed() {
      return size > limit;
    },
    add(chunk) {
      size += chunk.byteLength;
      if (keep && kept < limit) {
        const part = kept + chunk.byteLength <= limit ? chunk : chunk.subarray(0, limit - kept);
        chunks.push(part);
        kept += part.byteLength;
      }
      return size <= limit;
    },
    bytes() {
      if (chunks.length === 1) return chunks[0] as Uint8Array;
      const out = new Uint8Array(kept);
      let offset = 0;
      for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.byteLength;
      }
      return out;
    },
  };
}

/**
 * Reads `stream` until it ends or passes `limit` bytes; past the cap it stops and cancels the stream, so a
 * huge body is never held. A read that fails mid-way ends the read with what arrived when `tolerant` is set
 * (an error page cut off still says something), and rethrows otherwise.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  options: { tolerant?: boolean } = {},
): Promise<KvByteCap> {
  const cap = createByteCap(limit);
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || !cap.add(value)) break;
    }
  } catch (error) {
    if (!options.tolerant) throw error;
  } finally {
    reader.cancel().catch(() => {});
  }
  return cap;
}
