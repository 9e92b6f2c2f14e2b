import { retryHintMs } from "@telnyx-kv/core";
import { KvRateBudget } from "./rate-budget.js";

/** Called with the wait a 429 asked for, in milliseconds (`undefined` when it gave no hint). */
export type KvRateLimitListener = (hintMs: number | undefined) => void;

/**
 * Client-wide news of rate limiting. Telnyx limits per API key, so what any request of a client learns
 * concerns every batch running on it, including attempts core retries internally: a 429 goes to the
 * listeners, and the `x-ratelimit-*` headers of every answer feed the shared {@link KvRateBudget}.
 */
export class KvRateSignal {
  readonly #listeners = new Set<KvRateLimitListener>();
  /** The request budget learnt from the answers, spent by bulk calls before each start. */
  readonly budget: KvRateBudget;

  constructor(now: () => number = Date.now) {
    this.budget = new KvRateBudget(now);
  }

  /** Calls `listener` on every 429 until the returned function is called. */
  subscribe(listener: KvRateLimitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reports a 429 with its hint. */
  notify(hintMs: number | undefined): void {
    for (const listener of this.#listeners) listener(hintMs);
  }

  /** Wraps a `fetch` so every answer's rate-limit headers and every 429 are seen (the response is untouched). */
  observe(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      const sentAt = this.budget.sent();
      let response: Response;
      try {
        response = await fetch(input, init);
      } catch (error) {
        this.budget.failed();
        throw error;
      }
      this.budget.answered(sentAt, response.headers);
      if (response.status === 429 && this.#listeners.size > 0)
        this.notify(retryHintMs(429, response.headers));
      return response;
    };
  }
}
