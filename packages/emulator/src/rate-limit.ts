import type { OutgoingHttpHeaders } from "node:http";

interface Window {
  startedAt: number;
  used: number;
}

/** What one request's rate-limit check decided. */
export interface RateDecision {
  allowed: boolean;
  headers: OutgoingHttpHeaders;
}

const WINDOW_MS = 60_000;

/** A fixed one-minute window per account, reported in Telnyx's `x-ratelimit-*` headers. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    /** Requests allowed per account per minute. */
    readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request of `account`; refused once the window's allowance is spent. */
  take(account: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(account);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, used: 0 };
      this.windows.set(account, window);
    }
    const allowed = window.used < this.perMinute;
    if (allowed) window.used++;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
    return {
      allowed,
      headers: {
        "x-ratelimit-limit": String(this.perMinute),
        "x-ratelimit-remaining": String(this.perMinute - window.used),
        "x-ratelimit-reset": String(resetSeconds),
      },
    };
  }
}
