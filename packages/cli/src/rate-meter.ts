/** One reading of the account's request budget, as the `x-ratelimit-*` headers of an answer gave it. */
export interface CliBudgetReading {
  /** Requests per window (`x-ratelimit-limit`); without it the reading says nothing about the rate. */
  limit: number | undefined;
  /** Requests left in the current window. */
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Where the current window stands: requests left in it, and when it resets (epoch ms). */
export interface CliBudgetNow {
  remaining: number;
  resetAt: number;
}

/** A request budget: `limit` requests per `windowMs`, and the current window when an answer told it. */
export interface CliRateBudget {
  limit: number;
  windowMs: number;
  now?: CliBudgetNow;
}

/** The closest two kept samples may be, ms. */
const SAMPLE_SPACING_MS = 100;

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
  #current: CliBudgetNow | undefined;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#samples.push({ at: now(), done: 0 });
  }

  /** Records that `done` items are finished now. */
  sample(done: number): void {
    const at = this.#now();
    const samples = this.#samples;
    const last = samples[samples.length - 1]!;
    // At most one sample per SAMPLE_SPACING_MS: a job finishing thousands of items a second keeps a short
    // list (the newest sample moves forward instead), so pruning it stays cheap.
    if (samples.length > 1 && at - samples[samples.length - 2]!.at < SAMPLE_SPACING_MS) {
      last.at = at;
      last.done = done;
    } else if (at === last.at) last.done = done;
    else samples.push({ at, done });
    // Keep one sample older than the horizon, so the measured stretch always covers all of it.
    const horizon = this.#horizonMs();
    while (this.#samples.length > 2 && at - this.#samples[1]!.at >= horizon) this.#samples.shift();
  }

  /** Sets the budget the API reported (requests per window); one item is taken to cost one request. */
  setBudget(budget: CliRateBudget | undefined): void {
    if (budget === undefined) return;
    this.#limit = budget.limit;
    this.#windowMs = budget.windowMs;
    this.#current = budget.now;
  }

  /** The most items per second the budget allows, when the answers reported one. */
  limitRate(): number | undefined {
    if (this.#limit === undefined || this.#windowMs === 0) return undefined;
    return this.#limit / (this.#windowMs / 1000);
  }

  /** Items per second over the measured stretch, budget or not. */
  #measured(): number | undefined {
    const first = this.#samples[0]!;
    const last = this.#samples[this.#samples.length - 1]!;
    const seconds = (last.at - first.at) / 1000;
    if (last.done <= first.done || seconds <= 0) return undefined;
    return (last.done - first.done) / seconds;
  }

  /** Items per second the job sustains (`undefined` before anything finished). */
  rate(): number | undefined {
    const measured = this.#measured();
    const cap = this.limitRate();
    return measured === undefined || cap === undefined ? measured : Math.min(measured, cap);
  }

  /**
   * Seconds until `total` items are done; `undefined` while unknown. A job held back by the budget (it
   * goes as fast as the limit allows) ends when the windows it still needs have opened: what the current
   * window has left goes now, the rest a limit's worth per window. Otherwise: what is left ÷ the rate.
   */
  etaSeconds(done: number, total: number): number | undefined {
    if (done >= total) return 0;
    const left = total - done;
    const rate = this.rate();
    if (rate === undefined) return undefined;
    const measured = this.#measured()!;
    const cap = this.limitRate();
    const current = this.#current;
    // Within 10% of the limit counts as held back by it: the windows, not the network, set the pace.
    if (cap === undefined || current === undefined || measured < cap * 0.9 || this.#limit === undefined)
      return left / rate;
    const resetInMs = Math.max(0, current.resetAt - this.#now());
    const allowance = resetInMs > 0 ? current.remaining : this.#limit;
    if (left <= allowance) return left / measured;
    const windows = Math.ceil((left - allowance) / this.#limit);
    return (resetInMs + (windows - 1) * this.#windowMs) / 1000;
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
