import { KV_MAX_KEY_LENGTH } from "@telnyx-kv/core/protocol";
import { codewordBoundary, decodeKey, encodeKey, MAX_CODEWORD_LENGTH } from "./codec.js";
import { base64url, sha256 } from "./sha256.js";

/** Marks a hashed key; {@link encodeKey} never emits `==`. */
const HASH_MARKER = "==";
/** Length of an unpadded base64url SHA-256 digest. */
const HASH_LENGTH = 43;
/** How much of the readable key a hashed key keeps, so listings by prefix still find it. */
export const HASHED_HEAD_LENGTH = KV_MAX_KEY_LENGTH - HASH_MARKER.length - HASH_LENGTH;
/** A list prefix up to this length finds every hashed key under it without reading values. */
export const SAFE_LIST_PREFIX_LENGTH = HASHED_HEAD_LENGTH - MAX_CODEWORD_LENGTH + 1;

/** Where a logical key is stored. */
export interface KvStorageKey {
  /** The key sent to Telnyx KV. */
  key: string;
  /** `prefix + encodeKey(logical)`, before hashing; kept in the envelope of a hashed key. */
  full: string;
  /** Whether `key` is a hash of `full` (so the envelope must confirm which key it holds). */
  hashed: boolean;
}

const textEncoder = new TextEncoder();

/** Maps a logical key under `prefix` to its Telnyx KV key, hashing it when it is too long. */
export function toStorageKey(prefix: string, logical: string): KvStorageKey {
  const encoded = encodeKey(logical);
  const full = prefix + encoded;
  if (full.length <= KV_MAX_KEY_LENGTH) return { key: full, full, hashed: false };
  // Keep a readable head cut on a codeword boundary: it keeps prefix listings (clear, getKeys) working.
  const head = prefix + encoded.slice(0, codewordBoundary(encoded, HASHED_HEAD_LENGTH - prefix.length));
  const digest = base64url(sha256(textEncoder.encode(full)));
  return { key: `${head}${HASH_MARKER}${digest}`, full, hashed: true };
}

/** Whether a stored key (with `prefix`) is a hashed one, whose logical key lives in its envelope. */
export function isHashedKey(prefix: string, key: string): boolean {
  return key.startsWith(prefix) && key.slice(prefix.length).includes(HASH_MARKER);
}

/** The logical key of a stored, unhashed key; `undefined` when it was not written by this codec. */
export function fromStorageKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(prefix)) return undefined;
  return decodeKey(key.slice(prefix.length));
}

/** The Telnyx list prefix that covers every logical key starting with `logicalPrefix`. */
export function listPrefix(prefix: string, logicalPrefix: string): { list: string; exact: string } {
  const exact = prefix + encodeKey(logicalPrefix);
  // A longer prefix would miss hashed keys, whose readable head is shorter: list less and filter.
  return { list: exact.slice(0, SAFE_LIST_PREFIX_LENGTH), exact };
}
