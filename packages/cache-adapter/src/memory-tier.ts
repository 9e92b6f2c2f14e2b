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
  /** Also remember, for `ttlMs`, that a key was missing, so repeated reads of an absent key cost no request (tag lookups). @default false */
  misses?: boolean;
}

interface MemoryEntry {
  /** `undefined` records a key found missing (only with `misses`). */
  envelope: KvEnvelope | undefined;
  /** When the entry was read from or written to Telnyx KV (adapter clock). */
  storedAt: number;
}

/** What the memory tier holds for a key. */
export interface KvMemoryHit {
  /** `undefined`: the key was missing when last read. */
  envelope: KvEnvelope | undefined;
  /** `true` when past `ttlMs` but within `staleWhileRevalidateMs`: serve it, and refresh. */
  stale: boolean;
}

/** A bounded LRU of recent values keyed by storage key, never serving past a value's own expiry. */
export class KvMemoryTier {
  readonly #lru: LRUCache<string, MemoryEntry>;
  readonly #ttlMs: number;
  readonly #staleMs: number;
  readonly #now: () => number;
  /** Whether misses are remembered too. */
  readonly misses: boolean;

  constructor(options: KvMemoryTierOptions, now: () => number) {
    this.#lru = new LRUCache({ max: options.max ?? 1000 });
    this.misses = options.misses ?? false;
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
    const expiresAt = entry.envelope?.expiresAt;
    const expired = expiresAt !== undefined && now >= expiresAt;
    if (expired || age >= this.#ttlMs + this.#staleMs) {
      this.#lru.delete(key);
      return undefined;
    }
    return { envelope: entry.envelope, stale: age >= this.#ttlMs };
  }

  /** Keeps what was just read or written (`undefined`: found missing, kept only with `misses`). */
  remember(key: string, envelope: KvEnvelope | undefined): void {
    if (envelope === undefined && !this.misses) {
      this.#lru.delete(key);
      return;
    }
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
