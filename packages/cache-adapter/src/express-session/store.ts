import type { KvNamespaceClient } from "@telnyx-kv/core";
import session, { type SessionData } from "express-session";
import { LRUCache } from "lru-cache";
import { KvCache } from "../kv-cache.js";
import { serverTtlSupported } from "../server-ttl.js";
import {
  type KvResolvedSessionOptions,
  type KvSessionStoreOptions,
  resolveSessionOptions,
  sessionExpiry,
} from "./options.js";

/** A stored session that could not be read back; the request gets a new session instead. */
export class KvSessionDecodeError extends Error {
  constructor(cause: unknown) {
    // The session id is a credential: it is not in the message (nor is the key derived from it).
    super(
      "A stored session could not be decoded, so it was treated as no session (the user gets a new one). It was written by another serializer or another tool: give the store the serializer it was written with, or a prefix of its own.",
      { cause },
    );
    this.name = "KvSessionDecodeError";
  }
}

/** A node-style callback, optional as express-session's `Store` types it. */
type Callback<T> = ((error: unknown, value?: T) => void) | undefined;

/** Hands a result to the callback if there is one (errors included), else to the returned promise. */
function settle<T>(work: Promise<T>, callback: Callback<T>): Promise<T> {
  if (!callback) return work;
  // The callback runs outside the promise chain, so an exception it throws is not swallowed.
  return work.then(
    (value) => {
      queueMicrotask(() => callback(null, value));
      return value;
    },
    (error: unknown) => {
      queueMicrotask(() => callback(error));
      return undefined as T;
    },
  );
}

const textDecoder = new TextDecoder();

/** Most session ids whose stored expiry is remembered for `touchAfterSeconds`. */
const REMEMBERED_EXPIRIES = 10_000;

/** An express-session store over Telnyx KV: one key per session under `prefix`, expiring with its cookie. */
export class KvSessionStore extends session.Store {
  /** The cache sessions are stored through (its prefix is the store's `prefix`). */
  readonly cache: KvCache;
  readonly #options: KvResolvedSessionOptions;
  readonly #onError: (error: unknown) => void;
  /** Expiry of what is stored under a session id, as last read or written here (for `touchAfterSeconds`). */
  readonly #storedExpiry = new LRUCache<string, number>({ max: REMEMBERED_EXPIRIES });

  constructor(client: KvNamespaceClient, options: KvSessionStoreOptions = {}) {
    super();
    this.#options = resolveSessionOptions(options);
    this.cache = new KvCache(client, this.#options.cache);
    this.#onError = options.onError ?? (() => {});
  }

  /** The prefix in front of every session id. */
  get prefix(): string {
    return this.#options.prefix;
  }

  /** Reads a session; `null` when there is none, it expired, or it cannot be decoded (then `error` is emitted). */
  override get(sid: string, callback?: Callback<SessionData | null>): Promise<SessionData | null> {
    return settle(this.#get(sid), callback);
  }

  /** Writes a session, expiring with its cookie; a cookie already expired deletes it. */
  override set(sid: string, data: SessionData, callback?: Callback<void>): Promise<void> {
    return settle(this.#write(sid, data), callback);
  }

  /** Extends an unchanged session's life: rewrites it only when that moves its expiry by `touchAfterSeconds` or more. */
  override touch(sid: string, data: SessionData, callback?: Callback<void>): Promise<void> {
    return settle(this.#touch(sid, data), callback);
  }

  /** Deletes a session. */
  override destroy(sid: string, callback?: Callback<void>): Promise<void> {
    this.#storedExpiry.delete(sid);
    return settle(this.cache.delete(sid), callback);
  }

  /** Every live session as `{ id, ...session }` (one listing plus one read per session). */
  override all(
    callback?: Callback<Array<SessionData & { id: string }>>,
  ): Promise<Array<SessionData & { id: string }>> {
    return settle(this.#all(), callback);
  }

  /** The ids of the stored sessions (one listing, no reads). */
  ids(callback?: Callback<string[]>): Promise<string[]> {
    return settle(this.#ids(), callback);
  }

  /** How many sessions are stored; counts from the listing when the server expires them (`serverTtl`), else reads each. */
  override length(callback?: Callback<number>): Promise<number> {
    // Only a namespace that takes `ttl_secs` drops expired sessions from listings by itself.
    const serverExpires = this.#options.cache.serverTtl && serverTtlSupported(this.cache.client.id);
    const count = serverExpires ? this.#ids() : this.#all();
    return settle(
      count.then((list) => list.length),
      callback,
    );
  }

  /** Deletes every session under this store's prefix, and nothing else. */
  override clear(callback?: Callback<void>): Promise<void> {
    this.#storedExpiry.clear();
    return settle(this.cache.clear(), callback);
  }

  /** Reports a problem that is not an error of the call: the `error` event when someone listens, else `onError`. */
  #report(error: unknown): void {
    // An EventEmitter throws an unheard `error`, which would turn a bad stored value into a 500.
    if (this.listenerCount("error") > 0) this.emit("error", error);
    else this.#onError(error);
  }

  #decode(bytes: Uint8Array): SessionData | undefined {
    try {
      const data = this.#options.serializer.parse(textDecoder.decode(bytes));
      if (typeof data === "object" && data !== null && !Array.isArray(data)) return data as SessionData;
      throw new TypeError(
        `the stored value is ${Array.isArray(data) ? "an array" : typeof data}, not a session object`,
      );
    } catch (error) {
      this.#report(new KvSessionDecodeError(error));
      return undefined;
    }
  }

  async #get(sid: string): Promise<SessionData | null> {
    const entry = await this.cache.getEntry(sid);
    if (!entry) return null;
    const data = this.#decode(entry.value);
    if (!data) return null;
    if (entry.expiresAt !== undefined) this.#storedExpiry.set(sid, entry.expiresAt);
    return data;
  }

  async #write(sid: string, data: SessionData): Promise<void> {
    const expiresAt = sessionExpiry(data, this.#options, this.cache.now());
    this.#storedExpiry.delete(sid);
    await this.cache.set(sid, this.#options.serializer.stringify(data), {
      expiresAt,
      contentType: "application/json",
    });
    this.#storedExpiry.set(sid, expiresAt);
  }

  async #touch(sid: string, data: SessionData): Promise<void> {
    const { touchAfterMs } = this.#options;
    if (touchAfterMs > 0) {
      const stored = this.#storedExpiry.get(sid) ?? (await this.cache.getEntry(sid))?.expiresAt;
      const next = sessionExpiry(data, this.#options, this.cache.now());
      // Within the period the stored expiry stands (the session may end up to `touchAfterSeconds` early).
      if (stored !== undefined && next - stored < touchAfterMs) return;
    }
    await this.#write(sid, data);
  }

  async #ids(): Promise<string[]> {
    const ids: string[] = [];
    for await (const sid of this.cache.keys()) ids.push(sid);
    return ids;
  }

  async #all(): Promise<Array<SessionData & { id: string }>> {
    const sessions: Array<SessionData & { id: string }> = [];
    for await (const [id, bytes] of this.cache.entries()) {
      const data = this.#decode(bytes);
      if (data) sessions.push({ ...data, id });
    }
    return sessions;
  }
}

/**
 * Creates an express-session store: `app.use(session({ store: createSessionStore(kv.namespace(id)), ... }))`.
 * It is an instance of the installed express-session's `Store`.
 */
export function createSessionStore(
  client: KvNamespaceClient,
  options?: KvSessionStoreOptions,
): KvSessionStore {
  return new KvSessionStore(client, options);
}
