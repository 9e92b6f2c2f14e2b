/** When the limiter changes pace, for tests and progress displays. */
export interface KvLimiterState {
  /** Tasks allowed at once right now. */
  limit: number;
  /** Tasks running. */
  active: number;
  /** Epoch ms before which no task starts (0 when not paused). */
  pausedUntil: number;
}

/** Settings of {@link KvAdaptiveLimiter}. */
export interface KvLimiterOptions {
  /** Most tasks at once, and the pace it recovers to. */
  maxConcurrency: number;
  /** Pause when a 429 carries no hint, ms. @default 1000 */
  defaultPauseMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/**
 * Bounded concurrency that backs off as one: a 429 pauses every task start until its hint passes and halves
 * the limit (once per pause, however many workers saw it), then each full round of successes adds one slot
 * back (additive increase, multiplicative decrease, as TCP does).
 */
export class KvAdaptiveLimiter {
  readonly #max: number;
  readonly #defaultPauseMs: number;
  readonly #now: () => number;
  #limit: number;
  #active = 0;
  #pausedUntil = 0;
  #streak = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #waiters: Array<() => void> = [];

  constructor(options: KvLimiterOptions) {
    this.#max = Math.max(1, Math.floor(options.maxConcurrency));
    this.#limit = this.#max;
    this.#defaultPauseMs = options.defaultPauseMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** The current pace. */
  get state(): KvLimiterState {
    return { limit: this.#limit, active: this.#active, pausedUntil: this.#pausedUntil };
  }

  /** Resolves when a task may start (a slot is free and no pause is on); the caller must `release()`. */
  acquire(): Promise<void> {
    if (this.#canStart()) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiters.push(() => {
        this.#active++;
        resolve();
      });
    });
  }

  /** Ends a task; `succeeded` counts toward recovering the pace. */
  release(succeeded: boolean): void {
    this.#active--;
    if (succeeded && this.#limit < this.#max && ++this.#streak >= this.#limit) {
      this.#limit++;
      this.#streak = 0;
    }
    this.#wake();
  }

  /** Reports a 429: pauses starts for `hintMs` (or the default) and halves the pace once per pause. */
  rateLimited(hintMs: number | undefined): void {
    const now = this.#now();
    const until = now + (hintMs ?? this.#defaultPauseMs);
    if (now >= this.#pausedUntil) {
      this.#limit = Math.max(1, Math.floor(this.#limit / 2));
      this.#streak = 0;
    }
    if (until > this.#pausedUntil) {
      this.#pausedUntil = until;
      this.#schedule(until - now);
    }
  }

  #schedule(delayMs: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // Timers may fire a millisecond early by the wall clock; wait out the rest rather than start early.
      const left = this.#pausedUntil - this.#now();
      if (left > 0) this.#schedule(left);
      else this.#wake();
    }, delayMs);
  }

  /** Stops the pause timer (the batch is over). */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #canStart(): boolean {
    return this.#active < this.#limit && this.#now() >= this.#pausedUntil;
  }

  #wake(): void {
    while (this.#waiters.length > 0 && this.#canStart()) this.#waiters.shift()!();
  }
}
