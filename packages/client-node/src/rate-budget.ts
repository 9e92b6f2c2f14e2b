import { AsyncLocalStorage } from "node:async_hooks";
import { type KvHeaderReader, readRateLimitHeaders } from "@telnyx-kv/core";

/** The budget as the client currently believes it. */
export interface KvRateBudgetState {
  /** Request starts still allowed: before `until`, or once it passed, the limit less what is out; `Infinity` when no answer has told. */
  allowance: number;
  /** Epoch ms at which the known window ends (0 when none is known). */
  until: number;
  /** Requests sent and not answered yet. */
  inFlight: number;
  /** Starts allowed whose first request has not left yet. */
  reserved: number;
  /** The last `x-ratelimit-limit` seen. */
  limit: number | undefined;
}

// How soon to ask again when a new window is assumed but the limit's worth of requests is still out (their
// answers, which end tasks, usually wake the limiter first).
const UNKNOWN_RECHECK_MS = 100;

/** One allowed start, until its first request leaves or its task ends. */
interface Reservation {
  open: boolean;
}

/**
 * The request budget of one API key, learnt from the `x-ratelimit-*` headers of every answer. Within a
 * window the lowest `remaining` seen is the server's latest count; what may still start is that, less the
 * requests in flight (any of them may have been counted after it) and the starts allowed whose request has
 * not left yet. An answer with a higher `remaining` was counted earlier, so its request stops being in
 * flight and the allowance grows back by one: the estimate never exceeds the truth, yet does not drift
 * down. Once it is spent, starts wait for the reset; then at most `limit` go before an answer tells the new
 * window's count (a limit below the concurrency must not be overrun by the restart). The reset comes in whole seconds rounded up, so the
 * window believed ends no earlier than the server's; answers to requests sent before it began are ignored
 * (the server may have counted them in the previous window).
 */
export class KvRateBudget {
  readonly #now: () => number;
  readonly #task = new AsyncLocalStorage<Reservation>();
  /** Tasks inside {@link run}; at 0 the storage is disabled again (see there). */
  #running = 0;
  #lowest = Number.POSITIVE_INFINITY;
  #until = 0;
  #since = 0;
  #inFlight = 0;
  #reserved = 0;
  #limit: number | undefined;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The current belief, for tests and progress displays. */
  get state(): KvRateBudgetState {
    const known = this.#now() < this.#until;
    return {
      allowance: this.#allowance(known),
      until: known ? this.#until : 0,
      inFlight: this.#inFlight,
      reserved: this.#reserved,
      limit: this.#limit,
    };
  }

  /** Within a known window, its lowest count; past it, a fresh window of `limit` (when one was told). */
  #allowance(known: boolean): number {
    const left = known ? this.#lowest : (this.#limit ?? Number.POSITIVE_INFINITY);
    return left - this.#inFlight - this.#reserved;
  }

  /**
   * Asks for one start: 0 when it may go now (the start is then reserved until its task, run through
   * {@link run}, sends its first request or ends), else the ms to wait before asking again.
   */
  take(): number {
    const now = this.#now();
    const known = now < this.#until;
    // Past the window the next one is assumed fresh, but never more than a limit's worth at once.
    if (this.#allowance(known) < 1) return known ? this.#until - now : UNKNOWN_RECHECK_MS;
    this.#reserved++;
    return 0;
  }

  /** Runs a task that {@link take} allowed; its first request spends the reservation. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const reservation: Reservation = { open: true };
    this.#running++;
    try {
      return await this.#task.run(reservation, task);
    } finally {
      this.#settle(reservation);
      // On Node 18-22 an AsyncLocalStorage in use keeps async hooks on for every promise of the process;
      // disabling it between bulk calls gives the app (and single calls) their speed back.
      if (--this.#running === 0) this.#task.disable();
    }
  }

  #settle(reservation: Reservation | undefined): void {
    if (!reservation?.open) return;
    reservation.open = false;
    this.#reserved = Math.max(0, this.#reserved - 1);
  }

  /** A request left; returns its send time, to hand back to {@link answered}. */
  sent(): number {
    this.#settle(this.#task.getStore());
    this.#inFlight++;
    return this.#now();
  }

  /** A request got no answer (network error, abort). */
  failed(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
  }

  /** A request sent at `sentAt` was answered with these headers. */
  answered(sentAt: number, headers: KvHeaderReader): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    const now = this.#now();
    const reading = readRateLimitHeaders(headers, now);
    if (!reading) return;
    if (reading.limit !== undefined) this.#limit = reading.limit;
    const until = now + reading.resetMs;
    if (now >= this.#until) {
      // No window known: this answer starts one, unless its request left while the last one was believed.
      if (sentAt < this.#until) return;
      this.#since = this.#until;
      this.#lowest = reading.remaining;
      this.#until = until;
      return;
    }
    if (sentAt < this.#since) return;
    this.#lowest = Math.min(this.#lowest, reading.remaining);
    this.#until = Math.min(this.#until, until);
  }
}
