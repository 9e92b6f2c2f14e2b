/**
 * The key codec: any JavaScript string ↔ a string of Telnyx's key alphabet `[-/_=.a-zA-Z0-9]`.
 *
 * Each UTF-16 code unit maps to one codeword, and no codeword is a prefix of another, so the code is
 * injective and reversible; working per code unit (not per code point) keeps it prefix-preserving even
 * when a prefix ends inside a surrogate pair. Codewords:
 * - `a-z A-Z 0-9 - . / _` stand for themselves, except a leading `.` or `_` (a leading `_` is reserved
 *   by the API, and `.` / `..` cannot be addressed in a URL path);
 * - `=` + two lowercase hex digits for any other code unit below 0x100 (`:` → `=3a`, space → `=20`);
 * - `=u` + four lowercase hex digits for the rest (`é` → `=e9`, `中` → `=u4e2d`).
 *
 * So `=` is always followed by a hex digit or `u`: the pair `==` never occurs in an encoded key, which
 * leaves it free to mark hashed keys (see storage-key.ts).
 */

const SAFE = /[a-zA-Z0-9\-./_]/;
const HEX = "0123456789abcdef";

function hex(value: number, digits: number): string {
  let out = "";
  for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += HEX[(value >> shift) & 0xf];
  return out;
}

/** Encodes one code unit at `index` (the index matters only for the leading-character rule). */
function encodeUnit(unit: number, index: number): string {
  const char = String.fromCharCode(unit);
  const leadingRisk = index === 0 && (char === "." || char === "_");
  if (unit < 0x80 && SAFE.test(char) && !leadingRisk) return char;
  return unit < 0x100 ? `=${hex(unit, 2)}` : `=u${hex(unit, 4)}`;
}

/** Maps any string to Telnyx's key alphabet; injective, reversible and prefix-preserving. */
export function encodeKey(key: string): string {
  let out = "";
  for (let i = 0; i < key.length; i++) out += encodeUnit(key.charCodeAt(i), i);
  return out;
}

function parseHex(text: string): number | undefined {
  // Only the canonical lowercase form decodes, so every encoded string has exactly one source.
  if (!/^[0-9a-f]+$/.test(text)) return undefined;
  return Number.parseInt(text, 16);
}

/** Reverses {@link encodeKey}; `undefined` for a string {@link encodeKey} never produces. */
export function decodeKey(encoded: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < encoded.length) {
    const char = encoded[i]!;
    if (char !== "=") {
      if (!SAFE.test(char) || (i === 0 && (char === "." || char === "_"))) return undefined;
      out += char;
      i += 1;
      continue;
    }
    const wide = encoded[i + 1] === "u";
    const digits = wide ? encoded.slice(i + 2, i + 6) : encoded.slice(i + 1, i + 3);
    const unit = digits.length === (wide ? 4 : 2) ? parseHex(digits) : undefined;
    if (unit === undefined) return undefined;
    // A code unit that has a shorter codeword must use it, or decoding would not be unique.
    if (encodeUnit(unit, out.length) !== encoded.slice(i, i + (wide ? 6 : 3))) return undefined;
    out += String.fromCharCode(unit);
    i += wide ? 6 : 3;
  }
  return out;
}

/** Length of the longest codeword, so a cut at `length - MAX_CODEWORD` never splits the first part. */
export const MAX_CODEWORD_LENGTH = 6;

/** The end of the last whole codeword at or before `limit` in an encoded string. */
export function codewordBoundary(encoded: string, limit: number): number {
  let i = 0;
  while (i < encoded.length) {
    const size = encoded[i] !== "=" ? 1 : encoded[i + 1] === "u" ? 6 : 3;
    if (i + size > limit) break;
    i += size;
  }
  return i;
}
