import { LRUCache } from "lru-cache";
import type { KvEnvelope } from "./envelope.js";

/** Options of the in-memory first tier. */
export interface KvMemoryTierOptions {
  /** Most entries kept; the least recently used is dropped first. @default 1000 */
  max?: number;
  /** How long an entry is served from memory without asking Telnyx KV, in ms. @default 5000 */
  ttlMs?: number;
  /** After `ttlMs`, how long a stale entry is still served while one refresh runs in the background, in ms. @default 0 */
  staleWhileRevalidateMs?: number;
}

interface MemoryEntry {
  envelope: KvEnvelope;
  /** When the entry was read from or written to Telnyx KV (adapter clock). */
  storedAt: number;
}

/** What the memory tier holds for a key. */
export interface KvMemoryHit {
  envelope: KvEnvelope;
  /** `true` when past `ttlMs` but within `staleWhileRevalidateMs`: serve it, and refresh. */
  stale: boolean;
}

/** A bounded LRU of recent values keyed by storage key, never serving past a value's own expiry. */
export class KvMemoryTier {
  readonly #lru: LRUCache<string, MemoryEntry>;
  readonly #ttlMs: number;
  readonly #staleMs: number;
  readonly #now: () => number;

  constructor(options: KvMemoryTierOptions, now: () => number) {
    this.#lru = new LRUCache({ max: options.max ?? 1000 });
    this.#ttlMs = options.ttlMs ?? 5000;
    this.#staleMs = options.staleWhileRevalidateMs ?? 0;
    this.#now = now;
  }

  /** The entry for `key` when it may still be served. */
  lookup(key: string): KvMemoryHit | undefined {
    const entry = this.#lru.get(key);
    if (!entry) return undefined;
    const now = this.#now();
    const age = now - entry.storedAt;
    const expired = entry.envelope.expiresAt !== undefined && now >= entry.envelope.expiresAt;
    if (expired || age >= this.#ttlMs + this.#staleMs) {
      this.#lru.delete(key);
      return undefined;
    }
    return { envelope: entry.envelope, stale: age >= this.#ttlMs };
  }

  /** Keeps what was just read or written. */
  remember(key: string, envelope: KvEnvelope): void {
    this.#lru.set(key, { envelope, storedAt: this.#now() });
  }

  /** Drops `key`. */
  forget(key: string): void {
    this.#lru.delete(key);
  }

  /** Drops every key starting with `prefix`. */
  forgetPrefix(prefix: string): void {
    for (const key of [...this.#lru.keys()]) if (key.startsWith(prefix)) this.#lru.delete(key);
  }
}
