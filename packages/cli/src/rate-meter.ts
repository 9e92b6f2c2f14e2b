/** One reading of the account's request budget, as the `x-ratelimit-*` headers of an answer gave it. */
export interface CliBudgetReading {
  /** Requests per window (`x-ratelimit-limit`); without it the reading says nothing about the rate. */
  limit: number | undefined;
  /** Requests left in the current window. */
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** A request budget: `limit` requests per `windowMs`. */
export interface CliRateBudget {
  limit: number;
  windowMs: number;
}

/** The shortest stretch of progress a rate is measured over, ms: shorter ones are mostly noise. */
const MIN_HORIZON_MS = 10_000;

/**
 * How fast a long job goes and when it ends. The rate is measured over the last stretch of the job (at
 * least {@link MIN_HORIZON_MS}, and two budget windows), not over the last few items: under a rate limit
 * the requests of a window leave in one burst at its start, and a burst says nothing about the window's
 * wait. When the answers report a budget (`x-ratelimit-limit` per window), the rate is never taken above
 * that limit: under a limit the time left is what is left ÷ the limit.
 */
export class RateMeter {
  readonly #now: () => number;
  readonly #samples: Array<{ at: number; done: number }> = [];
  #limit: number | undefined;
  #windowMs = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#samples.push({ at: now(), done: 0 });
  }

  /** Records that `done` items are finished now. */
  sample(done: number): void {
    const at = this.#now();
    const last = this.#samples[this.#samples.length - 1]!;
    if (at === last.at) last.done = done;
    else this.#samples.push({ at, done });
    // Keep one sample older than the horizon, so the measured stretch always covers all of it.
    const horizon = this.#horizonMs();
    while (this.#samples.length > 2 && at - this.#samples[1]!.at >= horizon) this.#samples.shift();
  }

  /** Sets the budget the API reported (requests per window); one item is taken to cost one request. */
  setBudget(budget: CliRateBudget | undefined): void {
    if (budget === undefined) return;
    this.#limit = budget.limit;
    this.#windowMs = budget.windowMs;
  }

  /** The most items per second the budget allows, when the answers reported one. */
  limitRate(): number | undefined {
    if (this.#limit === undefined || this.#windowMs === 0) return undefined;
    return this.#limit / (this.#windowMs / 1000);
  }

  /** Items per second the job sustains (`undefined` before anything finished). */
  rate(): number | undefined {
    const first = this.#samples[0]!;
    const last = this.#samples[this.#samples.length - 1]!;
    const seconds = (last.at - first.at) / 1000;
    if (last.done <= first.done || seconds <= 0) return undefined;
    const measured = (last.done - first.done) / seconds;
    const cap = this.limitRate();
    return cap === undefined ? measured : Math.min(measured, cap);
  }

  /** Seconds until `total` items are done, from the sustained rate; `undefined` while it is unknown. */
  etaSeconds(done: number, total: number): number | undefined {
    if (done >= total) return 0;
    const rate = this.rate();
    return rate === undefined ? undefined : (total - done) / rate;
  }

  #horizonMs(): number {
    return Math.max(MIN_HORIZON_MS, 2 * this.#windowMs);
  }
}

/** A duration for people: `45s`, `3m 20s`, `2h 05m`; `?` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
