import { keyProblem } from "@telnyx-kv/core";

/** The list cursor: base64url of the last key returned, so the next page seeks past it (never an offset). */

/** Encodes the last key of a page as an opaque cursor. */
export function encodeCursor(lastKey: string): string {
  return Buffer.from(lastKey, "utf8").toString("base64url");
}

/** The key a cursor points after, or `undefined` when the cursor was not made by {@link encodeCursor}. */
export function decodeCursor(cursor: string): string | undefined {
  if (cursor.length === 0 || cursor.length > 400) return undefined;
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  // Node's decoder skips junk characters silently; a round trip proves the cursor is canonical.
  if (encodeCursor(key) !== cursor) return undefined;
  return keyProblem(key, "read") === undefined ? key : undefined;
}
