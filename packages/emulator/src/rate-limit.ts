import type { OutgoingHttpHeaders } from "node:http";
import { rateLimitHeaders } from "@telnyx-kv/core/protocol";

interface AccountWindow {
  startedAt: number;
  used: number;
}

/** What one request's rate-limit check decided. */
export interface RateDecision {
  allowed: boolean;
  headers: OutgoingHttpHeaders;
}

/** The window when none is given: Telnyx documents its limits per minute. */
export const DEFAULT_RATE_WINDOW_MS = 60_000;

/**
 * The emulator's rate window: a fixed window per account, reported in Telnyx's `x-ratelimit-*` headers: `limit` requests per window,
 * `remaining` of them left, `reset` the whole seconds (rounded up) until the window ends.
 */
export class RateWindow {
  private readonly windows = new Map<string, AccountWindow>();

  constructor(
    /** Requests allowed per account per window. */
    readonly limit: number,
    private readonly now: () => number,
    /** Length of a window, ms. */
    readonly windowMs: number = DEFAULT_RATE_WINDOW_MS,
  ) {}

  /** Counts one request of `account`; refused once the window's allowance is spent. */
  take(account: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(account);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(account, window);
    }
    const allowed = window.used < this.limit;
    if (allowed) window.used++;
    // Rounded up, so a client that waits `reset` seconds never arrives before the window has ended.
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
    return {
      allowed,
      headers: rateLimitHeaders(this.limit, this.limit - window.used, resetSeconds),
    };
  }
}

const WINDOW_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses `--rate-limit`: `N` (per minute) or `N/WINDOW` with WINDOW like `5s`, `500ms`, `1m`, `s`.
 * Returns a message saying what is expected when the text does not fit.
 */
export function parseRateLimit(raw: string): { limit: number; windowMs: number } | string {
  const match = /^(\d+)(?:\/(\d*(?:\.\d+)?)(ms|s|m|h))?$/.exec(raw.trim());
  const expected = `--rate-limit expects N or N/WINDOW (N a whole number of at least 1, WINDOW like 5s, 500ms or 1m), got "${raw}".`;
  if (!match) return expected;
  const limit = Number(match[1]);
  const amount = match[2] === undefined || match[2] === "" ? 1 : Number(match[2]);
  const windowMs = match[3] === undefined ? DEFAULT_RATE_WINDOW_MS : amount * WINDOW_UNITS[match[3]]!;
  if (!(limit >= 1 && Number.isSafeInteger(limit)) || !(windowMs >= 1 && Number.isFinite(windowMs)))
    return expected;
  return { limit, windowMs: Math.round(windowMs) };
}
