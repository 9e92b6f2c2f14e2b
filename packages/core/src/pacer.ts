import type { KvAttemptHooks, KvAttemptInfo, KvAttemptOutcome } from "./attempt-hooks.js";
import { readRateLimitHeaders, retryHintMs } from "./wait-hints.js";

/** Settings of {@link createKvPacer}; every field has a default. */
export interface KvPacerOptions {
  /** Pause of every start after a 429 that names no wait, ms. @default 1000 */
  defaultPauseMs?: number;
  /** Longest pause one answer can impose, ms. @default 60000 */
  maxPauseMs?: number;
  /** Part of this client's share of a window that may start at once before starts are spread out. @default 0.1 */
  burst?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

/** What the pacer currently believes about the account's budget (for progress displays and tests). */
export interface KvPacerState {
  /** Requests per window (`x-ratelimit-limit`), once an answer said. */
  limit: number | undefined;
  /** The lowest `x-ratelimit-remaining` seen in the current window; `undefined` when none is known. */
  remaining: number | undefined;
  /** Epoch ms by which the current window has ended; `undefined` when none is known. */
  windowEndsAt: number | undefined;
  /** The part of the account's spending that is this client's (1 when alone). */
  share: number;
  /** Epoch ms before which no attempt starts after a 429 (0 when not paused). */
  pausedUntil: number;
  /** Attempts sent and not answered. */
  inFlight: number;
  /** Attempts held back right now. */
  waiting: number;
}

interface Waiter {
  info: KvAttemptInfo;
  resolve(): void;
  reject(reason: unknown): void;
  onAbort(): void;
}

// The share is measured over this client's last few answers of a window, so it follows others joining and
// leaving; a drop in `remaining` smaller than SHARE_SAMPLE is noise.
const SHARE_SPAN = 8;
const SHARE_SAMPLE = 4;
const MIN_SHARE = 0.02;
// Slightly more than the measured share: budget left unspent at a reset is lost, while spending it a little
// early only means waiting for the reset.
const SHARE_HEADROOM = 1.15;

/**
 * One client's pacer: the account's budget (about 1,000 requests a minute, shared by every process of the
 * account) learnt from `x-ratelimit-*`. It runs at the transport seam, so single calls, retries and bulk
 * items all pass it. Within a known window it spreads starts over the time left (a small burst, then a
 * steady rate that spends this client's share of `remaining` by the reset); when `remaining` falls faster
 * than its own use it counts the others and slows to its share; a 429 pauses every start of the client for
 * the wait it names. Past a window's end one attempt goes alone to learn the next window. An answer without
 * the headers leaves a server that does not meter unpaced.
 */
export class KvPacer implements KvAttemptHooks {
  readonly #now: () => number;
  readonly #defaultPauseMs: number;
  readonly #maxPauseMs: number;
  readonly #burst: number;
  #limit: number | undefined;
  /** The current window ends within (#endLo, #endHi]; #endHi is 0 when no window is known. */
  #endLo = 0;
  #endHi = 0;
  #remaining = Number.POSITIVE_INFINITY;
  /** `remaining` after each of this client's last answers in the window, oldest first. */
  #recent: number[] = [];
  #share = 1;
  #inFlight = 0;
  #tokens = 0;
  #tokensAt = 0;
  #pausedUntil = 0;
  #probe: KvAttemptInfo | undefined;
  // A Set, not a WeakSet: every entry leaves in afterAttempt (the transport reports each attempt it let start),
  // and a WeakSet's add and delete cost several times more on the read path.
  readonly #started = new Set<KvAttemptInfo>();
  readonly #waiters: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;

  constructor(options: KvPacerOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#defaultPauseMs = options.defaultPauseMs ?? 1000;
    this.#maxPauseMs = options.maxPauseMs ?? 60_000;
    this.#burst = options.burst ?? 0.1;
  }

  /** The current belief about the budget. */
  get state(): KvPacerState {
    const known = this.#endHi > 0;
    return {
      limit: this.#limit,
      remaining: known ? this.#remaining : undefined,
      windowEndsAt: known ? this.#endHi : undefined,
      share: this.#share,
      pausedUntil: this.#pausedUntil,
      inFlight: this.#inFlight,
      waiting: this.#waiters.length,
    };
  }

  /** Holds the attempt back until the budget allows it (or its call's deadline passes). */
  beforeAttempt(info: KvAttemptInfo): void | Promise<void> {
    if (this.#waiters.length === 0 && this.#delay(info, this.#now()) === 0) {
      this.#start(info);
      return;
    }
    const signal = info.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        info,
        resolve,
        reject,
        onAbort: () => {
          this.#remove(waiter);
          reject(signal?.reason);
          this.#drain();
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#drain();
    });
  }

  /** Learns from the answer: the budget from `x-ratelimit-*`, a pause from a 429. */
  afterAttempt(info: KvAttemptInfo, outcome: KvAttemptOutcome): void {
    if (!this.#started.has(info)) return;
    this.#started.delete(info);
    this.#inFlight--;
    if (this.#probe === info) this.#probe = undefined;
    if (outcome.response) this.#learn(outcome.response, outcome.sentAt);
    this.#drain();
  }

  #learn(response: Response, sentAt: number): void {
    const now = this.#now();
    const headers = response.headers;
    if (response.status === 429) {
      const hintMs = retryHintMs(429, headers, now) ?? this.#defaultPauseMs;
      this.#pausedUntil = Math.max(this.#pausedUntil, now + Math.min(hintMs, this.#maxPauseMs));
    }
    const reading = readRateLimitHeaders(headers, now);
    if (!reading) {
      // A server (or proxy) that stopped sending the budget is not paced once the known window is over.
      if (now >= this.#endHi) this.#endHi = 0;
      return;
    }
    if (reading.limit !== undefined) this.#limit = reading.limit;
    // The server counted this request between sentAt and now, and rounded the reset up to whole seconds.
    const lo = sentAt + reading.resetMs - (reading.wholeSeconds ? 1000 : 0);
    const hi = now + reading.resetMs;
    if (this.#endHi === 0 || lo >= this.#endHi) {
      this.#endLo = lo;
      this.#endHi = hi;
      this.#remaining = reading.remaining;
      this.#recent = [reading.remaining];
      return;
    }
    this.#endLo = Math.max(this.#endLo, lo);
    this.#endHi = Math.max(this.#endLo, Math.min(this.#endHi, hi));
    this.#remaining = Math.min(this.#remaining, reading.remaining);
    // Between the oldest answer kept and this one, the account spent `used`, of which this client `own`.
    const recent = this.#recent;
    recent.push(this.#remaining);
    if (recent.length > SHARE_SPAN + 1) recent.shift();
    const used = recent[0]! - this.#remaining;
    const own = recent.length - 1;
    if (used >= SHARE_SAMPLE) this.#share = Math.min(1, Math.max(MIN_SHARE, (own / used) * SHARE_HEADROOM));
  }

  /** 0 when `info` may start now, else the ms to wait before asking again. */
  #delay(info: KvAttemptInfo, now: number): number {
    if (now >= info.deadline) return 0;
    if (now < this.#pausedUntil) return this.#pausedUntil - now;
    if (this.#endHi === 0) return 0;
    if (now >= this.#endHi) {
      // The window is over and the next one unknown: one attempt learns it, the others wait for its answer.
      if (this.#probe) return Number.POSITIVE_INFINITY;
      this.#probe = info;
      this.#tokens = this.#capacity();
      this.#tokensAt = now;
      return 0;
    }
    const allowance = this.#share * this.#remaining - this.#inFlight;
    if (allowance < 1) return this.#endHi - now;
    const ratePerMs = allowance / (this.#endHi - now);
    this.#tokens = Math.min(this.#capacity(), this.#tokens + (now - this.#tokensAt) * ratePerMs);
    this.#tokensAt = now;
    if (this.#tokens >= 1) {
      this.#tokens--;
      return 0;
    }
    return Math.ceil((1 - this.#tokens) / ratePerMs);
  }

  /** How many starts may go at once: a part of this client's share of the window. */
  #capacity(): number {
    return Math.max(1, Math.floor(this.#burst * this.#share * (this.#limit ?? this.#remaining)));
  }

  #start(info: KvAttemptInfo): void {
    this.#inFlight++;
    this.#started.add(info);
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index !== -1) this.#waiters.splice(index, 1);
  }

  /** Lets waiting attempts go in order while the budget allows, and sets one timer for the next. */
  #drain(): void {
    const now = this.#now();
    let wait = Number.POSITIVE_INFINITY;
    while (this.#waiters.length > 0) {
      const head = this.#waiters[0]!;
      const delay = this.#delay(head.info, now);
      if (delay > 0) {
        wait = Math.min(delay, head.info.deadline - now);
        break;
      }
      this.#waiters.shift();
      head.info.signal?.removeEventListener("abort", head.onAbort);
      this.#start(head.info);
      head.resolve();
    }
    if (Number.isFinite(wait)) this.#wakeAt(now + wait);
    else if (this.#waiters.length === 0 && this.#timer !== undefined) {
      // Nothing waits: a pending timer (a deadline far off) must not keep the process alive.
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #wakeAt(at: number): void {
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#drain();
      },
      Math.max(0, at - this.#now()),
    );
  }
}

/** Creates a pacer for a client (`pacer` option); pass one pacer to several clients to pace them as one. */
export function createKvPacer(options?: KvPacerOptions): KvPacer {
  return new KvPacer(options);
}
