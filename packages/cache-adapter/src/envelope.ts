/**
 * The expiry envelope: a small binary header in front of a stored value.
 *
 * ```
 * 00 C0 54 4B   magic: NUL, a byte that never occurs in UTF-8, "TK"
 * 01            version
 * ff            flags: 1 = expiry follows, 2 = full key follows
 * [8 bytes]     absolute expiry, ms since the epoch, unsigned big-endian
 * [4 bytes + n] full storage key of a hashed key (ASCII), length-prefixed
 * payload       the value, verbatim
 * ```
 *
 * No text (UTF-8, JSON) starts with these bytes, so a value without the magic is read as a raw,
 * non-expiring value: data written by other tools stays readable. A value is only wrapped when it needs
 * to be (it expires, its key is hashed, or it happens to start with the magic), so plain values stay
 * plain for other readers.
 */

const MAGIC = [0x00, 0xc0, 0x54, 0x4b] as const;
const VERSION = 1;
const FLAG_EXPIRES = 1;
const FLAG_FULL_KEY = 2;
const KNOWN_FLAGS = FLAG_EXPIRES | FLAG_FULL_KEY;

/** A stored value with what its header said. */
export interface KvEnvelope {
  payload: Uint8Array;
  /** Absolute expiry in ms since the epoch; absent for a value that never expires. */
  expiresAt?: number;
  /** Full storage key before hashing; present only for hashed keys. */
  fullKey?: string;
}

function startsWithMagic(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((byte, i) => bytes[i] === byte);
}

/** Wraps `payload` in a header when it needs one, else returns it unchanged. */
export function encodeEnvelope(envelope: KvEnvelope): Uint8Array {
  const { payload, expiresAt, fullKey } = envelope;
  if (expiresAt === undefined && fullKey === undefined && !startsWithMagic(payload)) return payload;
  const keyBytes = fullKey === undefined ? undefined : new TextEncoder().encode(fullKey);
  const headerLength = 6 + (expiresAt === undefined ? 0 : 8) + (keyBytes ? 4 + keyBytes.length : 0);
  const out = new Uint8Array(headerLength + payload.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC);
  out[4] = VERSION;
  out[5] = (expiresAt === undefined ? 0 : FLAG_EXPIRES) | (keyBytes ? FLAG_FULL_KEY : 0);
  let offset = 6;
  if (expiresAt !== undefined) {
    const ms = Math.max(0, Math.ceil(expiresAt));
    view.setUint32(offset, Math.floor(ms / 0x1_0000_0000));
    view.setUint32(offset + 4, ms >>> 0);
    offset += 8;
  }
  if (keyBytes) {
    view.setUint32(offset, keyBytes.length);
    out.set(keyBytes, offset + 4);
    offset += 4 + keyBytes.length;
  }
  out.set(payload, offset);
  return out;
}

/**
 * Reads a stored value: raw bytes come back as a non-expiring payload; `undefined` means a header this
 * version cannot read (a newer version, or truncated), which callers treat as a miss.
 */
export function decodeEnvelope(bytes: Uint8Array): KvEnvelope | undefined {
  if (!startsWithMagic(bytes)) return { payload: bytes };
  if (bytes.length < 6 || bytes[4] !== VERSION) return undefined;
  const flags = bytes[5]!;
  if ((flags & ~KNOWN_FLAGS) !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const envelope: KvEnvelope = { payload: bytes };
  let offset = 6;
  if (flags & FLAG_EXPIRES) {
    if (bytes.length < offset + 8) return undefined;
    envelope.expiresAt = view.getUint32(offset) * 0x1_0000_0000 + view.getUint32(offset + 4);
    offset += 8;
  }
  if (flags & FLAG_FULL_KEY) {
    if (bytes.length < offset + 4) return undefined;
    const length = view.getUint32(offset);
    if (bytes.length < offset + 4 + length) return undefined;
    envelope.fullKey = new TextDecoder().decode(bytes.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  envelope.payload = bytes.subarray(offset);
  return envelope;
}
