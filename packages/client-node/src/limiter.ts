import { KV_DEFAULT_RETRY } from "@telnyx-kv/core";

/** When the limiter changes pace, for tests and progress displays. */
export interface KvLimiterState {
  /** Tasks allowed at once right now. */
  limit: number;
  /** Tasks running. */
  active: number;
  /** Epoch ms before which no task starts (0 when not paused). */
  pausedUntil: number;
}

/** Something that may hold task starts back, such as the rate budget learnt from `x-ratelimit-*` headers. */
export interface KvStartGate {
  /** Spends one start: 0 when a task may start now, else the ms to wait before asking again. */
  take(): number;
}

/** Settings of {@link KvAdaptiveLimiter}. */
export interface KvLimiterOptions {
  /** Most tasks at once, and the pace it recovers to. */
  maxConcurrency: number;
  /** Pause when a 429 carries no hint, ms. @default 1000 */
  defaultPauseMs?: number;
  /**
   * Longest pause one 429 may cause, ms: a hint past it (an epoch `x-ratelimit-reset` misread as a
   * duration, a Retry-After of days) would stall the whole batch. @default 60000 (core's `maxRetryAfterMs`)
   */
  maxPauseMs?: number;
  /** Asked before every start, after the concurrency and pause checks. @default none (only those checks) */
  gate?: KvStartGate;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/**
 * Bounded concurrency that backs off as one: a 429 pauses every task start until its hint passes and halves
 * the limit (once per pause, however many workers saw it), then each full round of successes adds one slot
 * back (additive increase, multiplicative decrease, as TCP does). A `gate` (the rate budget) may hold starts
 * back further.
 */
export class KvAdaptiveLimiter {
  readonly #max: number;
  readonly #defaultPauseMs: number;
  readonly #maxPauseMs: number;
  readonly #now: () => number;
  readonly #gate: KvStartGate | undefined;
  #limit: number;
  #active = 0;
  #pausedUntil = 0;
  #streak = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(options: KvLimiterOptions) {
    this.#max = Math.max(1, Math.floor(options.maxConcurrency));
    this.#limit = this.#max;
    this.#defaultPauseMs = options.defaultPauseMs ?? 1000;
    this.#maxPauseMs = options.maxPauseMs ?? KV_DEFAULT_RETRY.maxRetryAfterMs;
    this.#now = options.now ?? Date.now;
    this.#gate = options.gate;
  }

  /** The current pace. */
  get state(): KvLimiterState {
    return { limit: this.#limit, active: this.#active, pausedUntil: this.#pausedUntil };
  }

  /**
   * Resolves when a task may start (a slot is free, no pause is on, the gate agrees); the caller must
   * `release()`. Rejects with the signal's reason if it fires first (a wait for a reset can be long).
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#canStart()) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.#waiters.indexOf(start);
        if (index !== -1) this.#waiters.splice(index, 1);
        reject(signal?.reason);
      };
      const start = () => {
        signal?.removeEventListener("abort", onAbort);
        this.#active++;
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(start);
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

  /**
   * Reports a 429: pauses starts for `hintMs` (or the default), at most `maxPauseMs`, and halves the pace
   * once per pause.
   */
  rateLimited(hintMs: number | undefined): void {
    const now = this.#now();
    const wantedMs = hintMs === undefined || Number.isNaN(hintMs) ? this.#defaultPauseMs : hintMs;
    const until = now + Math.min(Math.max(0, wantedMs), this.#maxPauseMs);
    if (now >= this.#pausedUntil) {
      this.#limit = Math.max(1, Math.floor(this.#limit / 2));
      this.#streak = 0;
    }
    if (until > this.#pausedUntil) this.#pausedUntil = until;
    // Waiting tasks are woken by the timer #canStart sets; a pause that only grew needs no new one.
  }

  /** Wakes the waiters at `at` (epoch ms), keeping an earlier timer if one is set. */
  #wakeAt(at: number): void {
    if (this.#timer && this.#timerAt <= at) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        // A timer may fire a little early by this clock: #canStart then sets the next one.
        this.#wake();
      },
      Math.max(0, at - this.#now()),
    );
  }

  /** Stops the pause timer (the batch is over). */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Whether a task may start now; when it may, the gate has counted the start, so the caller must start it. */
  #canStart(): boolean {
    if (this.#active >= this.#limit) return false;
    const now = this.#now();
    if (now < this.#pausedUntil) {
      this.#wakeAt(this.#pausedUntil);
      return false;
    }
    const waitMs = this.#gate?.take() ?? 0;
    if (waitMs > 0) {
      this.#wakeAt(now + waitMs);
      return false;
    }
    return true;
  }

  #wake(): void {
    while (this.#waiters.length > 0 && this.#canStart()) this.#waiters.shift()!();
  }
}
