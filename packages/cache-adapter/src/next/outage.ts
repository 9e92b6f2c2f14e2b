import { redactText } from "@telnyx-kv/core/transport";

/** A short, secret-free description of an error for a log line. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // Core's errors carry no credentials; this also strips any bearer token an unexpected error might echo.
  const clean = redactText(text, []);
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/**
 * Turns Telnyx KV failures into misses so a page always renders: the first failure logs one line and
 * opens the guard; while open, calls answer their fallback without a request (no page waits on a dead
 * network); after `retryMs` the next call tries again, and its success logs that caching resumed.
 */
export class KvOutageGuard {
  #down = false;
  #retryAt = 0;
  readonly #log: (line: string) => void;
  readonly #retryMs: number;
  readonly #now: () => number;

  constructor(log: (line: string) => void, retryMs: number, now: () => number) {
    this.#log = log;
    this.#retryMs = retryMs;
    this.#now = now;
  }

  /** Whether the last call failed and the retry time has not come yet. */
  get open(): boolean {
    return this.#down && this.#now() < this.#retryAt;
  }

  /** Runs `operation`, or answers `fallback` when it fails or the guard is open. */
  async run<T>(doing: string, operation: () => Promise<T>, fallback: T): Promise<T> {
    if (this.open) return fallback;
    try {
      const result = await operation();
      if (this.#down) {
        this.#down = false;
        this.#log("Telnyx KV answers again: Next.js cache entries are shared again.");
      }
      return result;
    } catch (error) {
      if (!this.#down) {
        this.#log(
          `Telnyx KV failed while ${doing} (${describeError(error)}): pages render without the shared cache ` +
            `until it answers again (next try in ${this.#retryMs} ms; one line per outage).`,
        );
      }
      this.#down = true;
      this.#retryAt = this.#now() + this.#retryMs;
      return fallback;
    }
  }
}
