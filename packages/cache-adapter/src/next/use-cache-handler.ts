import type { KvNextUseCacheEntry, KvNextUseCacheHandler } from "./next-types.js";
import type { KvNextCacheOptions } from "./options.js";
import { storeFor } from "./store.js";
import { tagState } from "./tags.js";

/** Entry metadata stored in front of the value's bytes. */
type StoredMeta = Omit<KvNextUseCacheEntry, "value">;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `u32 meta length | meta JSON | value bytes`. */
function encodeEntry(meta: StoredMeta, value: Uint8Array): Uint8Array {
  const json = encoder.encode(JSON.stringify(meta));
  const out = new Uint8Array(4 + json.length + value.length);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  out.set(value, 4 + json.length);
  return out;
}

function decodeEntry(bytes: Uint8Array): { meta: StoredMeta; value: Uint8Array } | undefined {
  try {
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
    const meta = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length))) as StoredMeta;
    return { meta, value: bytes.subarray(4 + length) };
  } catch {
    return undefined;
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** A new stream over stored bytes (every `get` must return its own). */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.slice());
      controller.close();
    },
  });
}

/**
 * Makes a handler for next.config's `cacheHandlers` (`"use cache"`, `"use cache: remote"`; Next 16).
 * Soft tags are checked in `get` (so `getExpiration` answers `Infinity` and costs nothing); a tag made
 * stale serves the entry once more with `revalidate: -1`, so Next refreshes it in the background.
 */
export function createNextUseCacheHandler(options: KvNextCacheOptions = {}): KvNextUseCacheHandler {
  /** Sets still writing in this process: a `get` of the same key waits for them (Next's rule). */
  const pending = new Map<string, Promise<void>>();
  const key = (cacheKey: string) => `u/${cacheKey}`;

  return {
    async get(cacheKey, softTags) {
      await pending.get(cacheKey);
      const store = storeFor(options);
      const bytes = await store.get(key(cacheKey));
      const stored = bytes && decodeEntry(bytes);
      if (!stored) return undefined;
      const { meta, value } = stored;
      const now = Date.now();
      if (now > meta.timestamp + meta.expire * 1000) return undefined;
      let revalidate = meta.revalidate;
      const tags = [...meta.tags, ...softTags];
      if (tags.length > 0) {
        const records = await store.tags?.read(tags);
        if (!records) return undefined;
        const state = tagState(records, meta.timestamp, now);
        if (state === "expired") return undefined;
        if (state === "stale") revalidate = -1;
      }
      return { ...meta, revalidate, value: streamOf(value) };
    },

    async set(cacheKey, pendingEntry) {
      let done = () => {};
      const written = new Promise<void>((resolve) => {
        done = resolve;
      });
      pending.set(cacheKey, written);
      try {
        const entry = await pendingEntry;
        // Read the stream even when it will not be stored: Next hands it over and expects it consumed.
        const value = await readAll(entry.value);
        // `expire: 0` marks dynamic data, regenerated on every read: storing it would be a wasted write.
        if (entry.expire === 0) return;
        const { value: _stream, ...meta } = entry;
        const expiresAt = meta.timestamp + meta.expire * 1000;
        await storeFor(options).set(
          key(cacheKey),
          encodeEntry(meta, value),
          Number.isFinite(expiresAt) ? expiresAt : undefined,
        );
      } catch {
        // A stream that errored holds partial data: not stored, the next read computes it again.
      } finally {
        if (pending.get(cacheKey) === written) pending.delete(cacheKey);
        done();
      }
    },

    async refreshTags() {
      // Tags are read per entry through the memory tier (at most `memoryTtlMs` old): nothing to fetch up front.
    },

    async getExpiration() {
      // Infinity: Next passes the soft tags to `get`, which checks them with the entry's own tags.
      return Number.POSITIVE_INFINITY;
    },

    async updateTags(tags, durations) {
      await storeFor(options).tags?.invalidate(tags, durations);
    },
  };
}
