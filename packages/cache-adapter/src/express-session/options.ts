import type { SessionData } from "express-session";
import { badSetting, type KvCacheOptions } from "../options.js";

/** Turns a session into stored text and back (JSON's shape, so `JSON` itself fits). */
export interface KvSessionSerializer {
  /** Stored text of a session. */
  stringify(session: SessionData): string;
  /** The session of stored text; throwing means "not a session". */
  parse(text: string): unknown;
}

/** Options of {@link createSessionStore}; every field has a default. */
export interface KvSessionStoreOptions extends Omit<KvCacheOptions, "prefix" | "serverTtl"> {
  /** Put in front of every session id; `all`, `length` and `clear` list only these keys. @default "sess/" */
  prefix?: string;
  /** Also send `ttl_secs`, so the server deletes expired sessions (a namespace without TTL support falls back to the envelope). @default true */
  serverTtl?: boolean;
  /** Lifetime of a stored session in seconds, a number or a function of the session. @default the cookie's `expires` (set from `maxAge`), else 86400 (one day) */
  ttlSeconds?: number | ((session: SessionData) => number);
  /** An unchanged session is rewritten by `touch` at most once per this many seconds (writes cost ten reads). @default 0 (every touch writes) */
  touchAfterSeconds?: number;
  /** How sessions become stored text. @default JSON */
  serializer?: KvSessionSerializer;
}

/** The store's own options, checked, with defaults filled in. */
export interface KvResolvedSessionOptions {
  prefix: string;
  ttlSeconds: number | ((session: SessionData) => number) | undefined;
  touchAfterMs: number;
  serializer: KvSessionSerializer;
  cache: KvCacheOptions;
}

/** A day, the lifetime of a session whose cookie does not say (the same default as connect-redis). */
export const KV_SESSION_DEFAULT_TTL_SECONDS = 86_400;

const isSeconds = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value >= 0;

/** Checks the options and splits them into the store's own and the cache's. */
export function resolveSessionOptions(options: KvSessionStoreOptions): KvResolvedSessionOptions {
  const {
    prefix = "sess/",
    serverTtl = true,
    ttlSeconds,
    touchAfterSeconds = 0,
    serializer = JSON,
    ...rest
  } = options;
  if (
    ttlSeconds !== undefined &&
    typeof ttlSeconds !== "function" &&
    !(isSeconds(ttlSeconds) && ttlSeconds > 0)
  ) {
    badSetting("ttlSeconds", "a number of seconds above 0, or a function of the session", ttlSeconds);
  }
  if (!isSeconds(touchAfterSeconds))
    badSetting("touchAfterSeconds", "a number of seconds, 0 or more", touchAfterSeconds);
  if (
    typeof serializer !== "object" ||
    serializer === null ||
    typeof serializer.parse !== "function" ||
    typeof serializer.stringify !== "function"
  ) {
    badSetting("serializer", "an object with parse and stringify (like JSON)", serializer);
  }
  return {
    prefix,
    ttlSeconds,
    touchAfterMs: touchAfterSeconds * 1000,
    serializer,
    cache: { ...rest, prefix, serverTtl },
  };
}

/** When a session expires, in ms since the epoch: the option, else its cookie, else a day from `now`. */
export function sessionExpiry(session: SessionData, options: KvResolvedSessionOptions, now: number): number {
  const { ttlSeconds } = options;
  if (typeof ttlSeconds === "function") return now + ttlSeconds(session) * 1000;
  if (ttlSeconds !== undefined) return now + ttlSeconds * 1000;
  // express-session keeps `expires` (set from `maxAge` on every request); after JSON it is a string.
  const cookie = session.cookie as { expires?: Date | string | null; maxAge?: number | null } | undefined;
  const at = cookie?.expires ? new Date(cookie.expires).getTime() : Number.NaN;
  if (Number.isFinite(at)) return at;
  // A plain object (not express-session's Cookie) may carry only `maxAge`.
  if (typeof cookie?.maxAge === "number") return now + cookie.maxAge;
  return now + KV_SESSION_DEFAULT_TTL_SECONDS * 1000;
}
