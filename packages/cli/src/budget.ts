import { InvalidArgumentError } from "commander";
import type { CliBudgetNow, CliBudgetReading, CliRateBudget } from "./rate-meter.js";

/** A request budget: `limit` requests per `windowMs`, and where it was learnt. */
export interface CliBudget extends CliRateBudget {
  /** `--rate`, or the API's `x-ratelimit-*` headers. */
  source: string;
}

/** The window Telnyx documents for its API limit (1,000 requests per minute, docs/API-FACTS.md). */
const DOCUMENTED_WINDOW_MS = 60_000;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Option parser of `--rate N[/WINDOW]`: N requests per WINDOW (`1000/1m`, `60/5s`; a minute when left out). */
export function parseRate(raw: string): CliBudget {
  const match = /^\s*(\d+)\s*(?:\/\s*(\d*\.?\d+)?\s*(ms|s|m|h))?\s*$/.exec(raw);
  const limit = match ? Number(match[1]) : Number.NaN;
  const windowMs = match?.[3] ? Number(match[2] ?? 1) * UNITS[match[3]]! : DOCUMENTED_WINDOW_MS;
  if (!match || !(limit >= 1) || !(windowMs >= 1)) {
    throw new InvalidArgumentError("Use N requests per window, such as 1000/1m, 60/5s or 1000 (per minute).");
  }
  return { limit, windowMs, source: `--rate ${raw.trim()}` };
}

/**
 * The budget the API reports, learnt from the `x-ratelimit-*` readings of its answers. The window's length
 * is not sent: an answer that opened its window (`remaining` one below the limit) says it in its reset;
 * until one does, the documented minute stands, or the longest reset seen when that is longer.
 */
export class BudgetTracker {
  readonly #now: () => number;
  #limit: number | undefined;
  #latest: CliBudgetNow | undefined;
  #opened = 0;
  #longest = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Takes one answer's reading. */
  add(reading: CliBudgetReading): void {
    if (reading.limit === undefined || reading.limit < 1) return;
    this.#limit = reading.limit;
    this.#latest = { remaining: reading.remaining, resetAt: this.#now() + reading.resetMs };
    // The header counts whole seconds, rounded up.
    const resetMs = Math.ceil(reading.resetMs / 1000) * 1000;
    this.#longest = Math.max(this.#longest, resetMs);
    if (reading.remaining >= reading.limit - 1) this.#opened = Math.max(this.#opened, resetMs);
  }

  /** The budget learnt so far, `undefined` before an answer reported a limit. */
  budget(): CliBudget | undefined {
    if (this.#limit === undefined) return undefined;
    const windowMs = this.#opened > 0 ? this.#opened : Math.max(this.#longest, DOCUMENTED_WINDOW_MS);
    return {
      limit: this.#limit,
      windowMs,
      source: "the API's x-ratelimit-* headers",
      ...(this.#latest ? { now: this.#latest } : {}),
    };
  }
}

/** `1000 requests per 1m` for people. */
export function describeBudget(budget: CliBudget): string {
  const seconds = budget.windowMs / 1000;
  const window = seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
  return `${budget.limit} requests per ${window}`;
}

/** The budget a list of readings gives (for tests: the CLI feeds a {@link BudgetTracker} as answers come). */
export function budgetFromReadingsForTest(readings: readonly CliBudgetReading[]): CliBudget | undefined {
  const tracker = new BudgetTracker();
  for (const reading of readings) tracker.add(reading);
  return tracker.budget();
}
