import { createHash, timingSafeEqual } from "node:crypto";

function digest(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** Maps a bearer token to its account; the account id is a hash, so the token is never stored or logged. */
export class Authenticator {
  private readonly accepted: Buffer[] | undefined;
  // Open mode only (every token accepted, so there is no secret to time): skip re-hashing known tokens.
  private readonly openCache = new Map<string, string>();

  /** With `tokens`, only those are accepted; without, any non-empty token is its own account. */
  constructor(tokens?: readonly string[]) {
    this.accepted = tokens && tokens.length > 0 ? tokens.map(digest) : undefined;
  }

  /** The account of an `Authorization` header, or `undefined` when it carries no acceptable bearer token. */
  account(header: string | undefined): string | undefined {
    if (!header || header.length < 8) return undefined;
    if (header.slice(0, 7).toLowerCase() !== "bearer ") return undefined;
    const token = header.slice(7).trim();
    if (token.length === 0) return undefined;
    if (!this.accepted) {
      const cached = this.openCache.get(token);
      if (cached !== undefined) return cached;
      if (this.openCache.size >= 10_000) this.openCache.clear();
      const account = digest(token).toString("base64url");
      this.openCache.set(token, account);
      return account;
    }
    const hash = digest(token);
    // Compare against every accepted hash, without stopping early, so timing reveals nothing.
    let match = false;
    for (const candidate of this.accepted) match = timingSafeEqual(hash, candidate) || match;
    return match ? hash.toString("base64url") : undefined;
  }
}
