import { KV_MAX_KEY_LENGTH, keyProblem } from "@telnyx-kv/core/protocol";

/** The list cursor: base64url of the last key returned, so the next page seeks past it (never an offset). */

// Keys are ASCII, so the longest is KV_MAX_KEY_LENGTH bytes; unpadded base64url spends 4 characters per 3
// bytes. A longer cursor cannot encode a valid key, so it is refused before decoding.
const MAX_CURSOR_LENGTH = Math.ceil((KV_MAX_KEY_LENGTH * 4) / 3);

/** Encodes the last key of a page as an opaque cursor. */
export function encodeCursor(lastKey: string): string {
  return Buffer.from(lastKey, "utf8").toString("base64url");
}

/** The key a cursor points after, or `undefined` when the cursor was not made by {@link encodeCursor}. */
export function decodeCursor(cursor: string): string | undefined {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) return undefined;
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  // Node's decoder skips junk characters silently; a round trip proves the cursor is canonical.
  if (encodeCursor(key) !== cursor) return undefined;
  return keyProblem(key, "read") === undefined ? key : undefined;
}
