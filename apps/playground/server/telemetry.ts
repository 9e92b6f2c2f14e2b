import { tracingChannel } from "node:diagnostics_channel";
import { KV_REQUEST_CHANNEL, type KvRequestTraceContext } from "@telnyx-kv/client-node";
import type { KvRateLimitReading } from "@telnyx-kv/core/protocol";

/** How many attempts the panel shows. */
export const LOG_SIZE = 50;
/** The account's budget when no `x-ratelimit-limit` was seen (Telnyx documents about 1,000 a minute). */
export const DEFAULT_BUDGET = 1000;

/** One HTTP attempt, as the panel lists it. */
export interface PlaygroundAttempt {
  /** When it ended, ms since the epoch. */
  at: number;
  /** `proxy`: the page's request forwarded by the proxy; `client`: a client-node call on the server (the channel). */
  source: "proxy" | "client";
  operation: string;
  method: string;
  key?: string;
  /** HTTP status, or 0 when no answer came. */
  status: number;
  ms: number;
}

/** What `/api/telemetry` answers. */
export interface PlaygroundTelemetry {
  /** Newest first, at most {@link LOG_SIZE}. */
  attempts: PlaygroundAttempt[];
  minute: {
    /** Requests spent in the current window. */
    used: number;
    /** The window's budget. */
    limit: number;
    /** Until the window resets, ms, when the API said. */
    resetMs?: number;
    /** `headers`: from the last answer's `x-ratelimit-*`; `counted`: attempts of the last 60 s seen here. */
    from: "headers" | "counted";
  };
}

/** What `telnyx-kv:request` carries; every field is read as optional (the trace may end without an answer). */
type RequestContext = Partial<KvRequestTraceContext>;

/** The playground's request log and budget view, fed by the request tracing channel (client calls and proxy forwards). */
export class PlaygroundTelemetryLog {
  readonly #attempts: PlaygroundAttempt[] = [];
  #rate: { reading: KvRateLimitReading; at: number } | undefined;
  readonly #started = new WeakMap<object, number>();
  readonly #channel = tracingChannel(KV_REQUEST_CHANNEL);
  // Every attempt publishes start when it leaves and asyncEnd when it is over (after error, if it got no answer).
  readonly #handlers = {
    start: (context: unknown) => {
      this.#started.set(context as object, performance.now());
    },
    end: () => {},
    asyncStart: () => {},
    asyncEnd: (context: unknown) => this.#fromChannel(context as RequestContext),
    error: () => {},
  };

  constructor() {
    // Each client-node call on the server (the scenarios at start, the panel's cache reads) emits one trace
    // per HTTP attempt, and so does each request of the page that the proxy forwards (`via: "proxy"`).
    this.#channel.subscribe(this.#handlers);
  }

  /** The log, newest first, and the budget of the current minute. */
  snapshot(now = Date.now()): PlaygroundTelemetry {
    const attempts = this.#attempts.slice(-LOG_SIZE).reverse();
    const rate = this.#rate;
    if (rate && now < rate.at + rate.reading.resetMs) {
      const limit = rate.reading.limit ?? DEFAULT_BUDGET;
      const resetMs = rate.at + rate.reading.resetMs - now;
      return { attempts, minute: { used: limit - rate.reading.remaining, limit, resetMs, from: "headers" } };
    }
    const used = this.#recentCount(now);
    return { attempts, minute: { used, limit: DEFAULT_BUDGET, from: "counted" } };
  }

  /** Stops listening to the channel. */
  close(): void {
    this.#channel.unsubscribe(this.#handlers);
  }

  #fromChannel(context: RequestContext): void {
    const start = this.#started.get(context);
    if (context.rateLimit) {
      const { limit, remaining, resetMs } = context.rateLimit;
      this.#noteRate({ limit, remaining, resetMs, wholeSeconds: true });
    }
    this.#push({
      source: context.via === "proxy" ? "proxy" : "client",
      operation: context.operation ?? "request",
      method: context.method ?? "GET",
      status: context.status ?? 0,
      ms: start === undefined ? 0 : performance.now() - start,
      ...(context.key === undefined ? {} : { key: context.key }),
    });
  }

  #noteRate(reading: KvRateLimitReading | undefined): void {
    if (reading) this.#rate = { reading, at: Date.now() };
  }

  #push(attempt: Omit<PlaygroundAttempt, "at">): void {
    this.#attempts.push({ at: Date.now(), ...attempt, ms: Math.round(attempt.ms * 10) / 10 });
    // Keep a minute's worth for the count, however busy; the panel shows the last LOG_SIZE.
    if (this.#attempts.length > DEFAULT_BUDGET * 2) this.#attempts.splice(0, DEFAULT_BUDGET);
  }

  #recentCount(now: number): number {
    let count = 0;
    for (let i = this.#attempts.length - 1; i >= 0 && this.#attempts[i]!.at > now - 60_000; i--) count++;
    return count;
  }
}
