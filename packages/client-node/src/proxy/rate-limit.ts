/** The proxy's per-caller rate limit (429, nothing forwarded); client-side pacing is core's pacer. */
import { KvConfigError } from "@telnyx-kv/core";
import { KV_ERRORS, rateLimitHeaders } from "@telnyx-kv/core/protocol";
import { type KvProxyRefusal, refusal } from "./answer.js";

/** A per-caller limit of forwarded requests, so one caller cannot spend the whole account's API rate limit. */
export interface KvProxyRateLimit {
  /** Requests one caller may have forwarded per minute (refilled continuously); more get 429. */
  perMinute: number;
  /**
   * The caller's identity, such as the signed-in user's id; requests with the same key share one allowance.
   * Runs after `authorize`. There is no default: guessing at client IPs behind proxies and NATs gets it wrong.
   * Must not read the body (it is forwarded), nor trust a value the caller picks (a header the client sets
   * would give it a fresh allowance per request): derive it from what `authorize` verified.
   */
  key: (request: Request) => string | Promise<string>;
}

const MINUTE_MS = 60_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * The proxy's per-caller rate limit: a token bucket per caller identity, `perMinute` requests at once,
 * refilled at `perMinute` per minute.
 */
export class KvCallerRateLimit {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;
  #sweptAt: number;

  constructor(
    /** Requests per caller per minute. */
    readonly perMinute: number,
    /** Tells callers apart (the option's `key`). */
    private readonly key: KvProxyRateLimit["key"],
    private readonly now: () => number = Date.now,
  ) {
    this.#perMs = perMinute / MINUTE_MS;
    this.#sweptAt = now();
  }

  /** Spends one request of `caller`'s allowance, or returns the 429 to answer when it is spent. */
  take(caller: string): KvProxyRefusal | undefined {
    const now = this.now();
    this.#sweep(now);
    const bucket = this.#buckets.get(caller) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.#perMs);
    bucket.updatedAt = now;
    this.#buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const resetSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000));
    return refusal(
      KV_ERRORS.tooManyRequests,
      `This caller sent more than ${this.perMinute} requests in a minute; wait x-ratelimit-reset seconds.`,
      rateLimitHeaders(this.perMinute, 0, resetSeconds),
    );
  }

  /** Spends one request of the caller `request` comes from: the 429 when spent, a 500 (fail closed) without an identity. */
  async spend(request: Request): Promise<KvProxyRefusal | undefined> {
    let caller: unknown;
    try {
      caller = await this.key(request);
    } catch {
      // Said nothing of why, as for authorize(): the error may describe the app's session store.
      caller = undefined;
    }
    if (typeof caller !== "string" || caller === "") {
      return refusal(
        KV_ERRORS.unexpected,
        "The proxy's rateLimit.key() gave no caller identity; nothing was forwarded.",
      );
    }
    return this.take(caller);
  }

  /** Callers tracked now (a full bucket is forgotten: it holds nothing a fresh one would not). */
  get size(): number {
    return this.#buckets.size;
  }

  // Once a minute at most, so memory follows the callers of the last minute, not every caller ever seen.
  #sweep(now: number): void {
    if (now - this.#sweptAt < MINUTE_MS) return;
    this.#sweptAt = now;
    for (const [caller, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.#perMs >= this.perMinute)
        this.#buckets.delete(caller);
    }
  }
}

/** Validates the `rateLimit` option into the per-caller limit, or `undefined` without one. */
export function compileRateLimit(option: KvProxyRateLimit | undefined): KvCallerRateLimit | undefined {
  if (option === undefined) return undefined;
  const { perMinute, key } = option;
  if (!(Number.isInteger(perMinute) && perMinute >= 1)) {
    throw new KvConfigError(
      `rateLimit.perMinute must be a whole number of requests of at least 1 (got ${String(perMinute)}); Telnyx allows about 1,000 API requests per minute for the whole account.`,
      { option: "rateLimit.perMinute" },
    );
  }
  if (typeof key !== "function") {
    throw new KvConfigError(
      "rateLimit.key must be a function returning the caller's identity, such as (request) => session(request).userId.",
      { option: "rateLimit.key" },
    );
  }
  return new KvCallerRateLimit(perMinute, key);
}
