import { retryHintMs } from "@telnyx-kv/core";

/** Called with the wait a 429 asked for, in milliseconds (`undefined` when it gave no hint). */
export type KvRateLimitListener = (hintMs: number | undefined) => void;

/**
 * Client-wide news of rate limiting. Telnyx limits per API key, so a 429 seen by any request of a client
 * concerns every batch running on it, including attempts core retries internally.
 */
export class KvRateSignal {
  readonly #listeners = new Set<KvRateLimitListener>();

  /** Calls `listener` on every 429 until the returned function is called. */
  subscribe(listener: KvRateLimitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reports a 429 with its hint. */
  notify(hintMs: number | undefined): void {
    for (const listener of this.#listeners) listener(hintMs);
  }

  /** Wraps a `fetch` so every 429 it returns is reported (the response itself is untouched). */
  observe(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 429 && this.#listeners.size > 0)
        this.notify(retryHintMs(429, response.headers));
      return response;
    };
  }
}
