import { createAbortError, type KvCallOptions, KvConfigError, KvHttpError } from "@telnyx-kv/core";
import { KvAdaptiveLimiter } from "./limiter.js";
import type { KvRateSignal } from "./rate-signal.js";

/** Default number of requests a bulk call keeps in flight. */
export const KV_DEFAULT_BULK_CONCURRENCY = 16;
/** How many times a bulk call puts back an item that still ended in 429 after the client's own retries. */
export const KV_BULK_RATE_LIMIT_REQUEUES = 3;

/** Progress of a bulk call, reported after every item. */
export interface KvBulkProgress {
  /** Items finished, succeeded or failed. */
  done: number;
  /** Items known so far (grows while `deletePrefix` is still listing). */
  total: number;
  /** Items that failed. */
  failed: number;
  /** Requests allowed in flight right now (lower than `concurrency` while recovering from a 429). */
  concurrency: number;
  /** The key of the item that just finished. */
  key: string;
  /** Its position in the input, as in the results array. */
  index: number;
  /** Whether it succeeded (for a write: the server acknowledged it). */
  ok: boolean;
}

/** Options every bulk call takes. */
export interface KvBulkOptions extends KvCallOptions {
  /** Most requests in flight; a 429 halves it for a while. @default 16 */
  concurrency?: number;
  /** Called after each item finishes, with the totals so far and which item it was. @default undefined */
  onProgress?: (progress: KvBulkProgress) => void;
}

/** The outcome of one item of a bulk call. */
export type KvBulkResult<T> = { key: string; ok: true; value: T } | { key: string; ok: false; error: Error };

/** One unit of work: its key and the call that does it. */
export interface KvBulkTask<T> {
  key: string;
  run(signal: AbortSignal | undefined): Promise<T>;
}

/** How a pool hands results out and holds its source back; {@link runBulk} and `streamBulk` differ only here. */
export interface KvBulkSink<T> {
  /** Takes the final result of the item at `index` (of the source's order). */
  deliver(index: number, result: KvBulkResult<T>): void;
  /** Resolves when one more item may be taken from the source. @default always at once */
  room?(): Promise<void> | undefined;
}

/**
 * Runs tasks with bounded, rate-aware concurrency and returns one result per task in source order. Starts
 * spend the budget the client learnt from `x-ratelimit-*` headers (`rate.budget`) and wait for the reset
 * once it is spent, so a long job stays inside the limit. A 429 anywhere on the client (seen by `rate`) or
 * ending a task still pauses and slows the whole batch; a task that still ended in 429 is put back up to
 * {@link KV_BULK_RATE_LIMIT_REQUEUES} times. An abort rejects the call.
 */
export async function runBulk<T>(
  operation: string,
  source: Iterable<KvBulkTask<T>> | AsyncIterable<KvBulkTask<T>>,
  options: KvBulkOptions,
  rate: KvRateSignal,
): Promise<KvBulkResult<T>[]> {
  const results: KvBulkResult<T>[] = [];
  await runPool(operation, source, options, rate, {
    deliver: (index, result) => {
      results[index] = result;
    },
  });
  return results;
}

/** The worker pool behind every bulk call: what {@link runBulk} says, with results going to `sink`. */
export async function runPool<T>(
  operation: string,
  source: Iterable<KvBulkTask<T>> | AsyncIterable<KvBulkTask<T>>,
  options: KvBulkOptions,
  rate: KvRateSignal,
  sink: KvBulkSink<T>,
): Promise<void> {
  const { signal, onProgress } = options;
  const concurrency = options.concurrency ?? KV_DEFAULT_BULK_CONCURRENCY;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new KvConfigError(
      `${operation}: concurrency must be a whole number of at least 1 (got ${concurrency}); pass one, or leave it out for ${KV_DEFAULT_BULK_CONCURRENCY}.`,
      { option: "concurrency" },
    );
  if (signal?.aborted) throw createAbortError(operation);
  const limiter = new KvAdaptiveLimiter({ maxConcurrency: concurrency, gate: rate.budget });
  const unsubscribe = rate.subscribe((hintMs) => limiter.rateLimited(hintMs));
  const iterator =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const requeued: Array<{ task: KvBulkTask<T>; index: number; tries: number }> = [];
  const progress = { done: 0, total: 0, failed: 0 };
  let exhausted = false;
  let sourceError: unknown;

  async function next(): Promise<{ task: KvBulkTask<T>; index: number; tries: number } | undefined> {
    const again = requeued.shift();
    if (again) return again;
    if (exhausted) return undefined;
    let step: IteratorResult<KvBulkTask<T>>;
    try {
      await sink.room?.();
      if (exhausted || signal?.aborted) return undefined;
      step = await iterator.next();
    } catch (error) {
      // A failed listing (deletePrefix) ends the call once the running items finish.
      sourceError ??= error;
      exhausted = true;
      return undefined;
    }
    if (step.done) {
      exhausted = true;
      return undefined;
    }
    return { task: step.value, index: progress.total++, tries: 0 };
  }

  async function worker(): Promise<void> {
    for (;;) {
      // The item first, then the slot: a worker with nothing left to do must not wait out a rate-limit reset.
      const item = signal?.aborted ? undefined : await next();
      if (!item) return;
      try {
        await limiter.acquire(signal);
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      let ok = false;
      try {
        const value = await rate.budget.run(() => item.task.run(signal));
        sink.deliver(item.index, { key: item.task.key, ok: true, value });
        ok = true;
      } catch (error) {
        if (signal?.aborted) {
          limiter.release(false);
          return;
        }
        // `rate` already reported this 429 to the limiter (KvRateSignal.observe sees every response).
        if (KvHttpError.isInstance(error) && error.status === 429) {
          if (item.tries < KV_BULK_RATE_LIMIT_REQUEUES) {
            requeued.push({ ...item, tries: item.tries + 1 });
            limiter.release(false);
            continue;
          }
        }
        sink.deliver(item.index, {
          key: item.task.key,
          ok: false,
          error: error instanceof Error ? error : new Error(String(error)),
        });
        progress.failed++;
      }
      progress.done++;
      onProgress?.({
        ...progress,
        concurrency: limiter.state.limit,
        key: item.task.key,
        index: item.index,
        ok,
      });
      limiter.release(ok);
    }
  }

  try {
    // Every worker may end while a requeued item waits for the pause, so run rounds until none is left.
    do {
      await Promise.all(Array.from({ length: concurrency }, worker));
    } while (requeued.length > 0 && !signal?.aborted && sourceError === undefined);
  } finally {
    unsubscribe();
    limiter.dispose();
    await (iterator as AsyncIterator<unknown>).return?.();
  }
  if (signal?.aborted) throw createAbortError(operation);
  if (sourceError !== undefined) throw sourceError;
}
