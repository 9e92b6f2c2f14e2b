import { createAbortError, type KvCallOptions, KvHttpError } from "@telnyx-kv/core";
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
}

/** Options every bulk call takes. */
export interface KvBulkOptions extends KvCallOptions {
  /** Most requests in flight; a 429 halves it for a while. @default 16 */
  concurrency?: number;
  /** Called after each item finishes. @default undefined */
  onProgress?: (progress: KvBulkProgress) => void;
}

/** The outcome of one item of a bulk call. */
export type KvBulkResult<T> = { key: string; ok: true; value: T } | { key: string; ok: false; error: Error };

/** One unit of work: its key and the call that does it. */
export interface KvBulkTask<T> {
  key: string;
  run(signal: AbortSignal | undefined): Promise<T>;
}

/**
 * Runs tasks with bounded, rate-aware concurrency and returns one result per task in source order. A 429
 * anywhere on the client (seen by `rate`) or ending a task pauses and slows the whole batch; a task that
 * still ended in 429 is put back up to {@link KV_BULK_RATE_LIMIT_REQUEUES} times. An abort rejects the call.
 */
export async function runBulk<T>(
  operation: string,
  source: Iterable<KvBulkTask<T>> | AsyncIterable<KvBulkTask<T>>,
  options: KvBulkOptions,
  rate: KvRateSignal,
): Promise<KvBulkResult<T>[]> {
  const { signal, onProgress } = options;
  const concurrency = options.concurrency ?? KV_DEFAULT_BULK_CONCURRENCY;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new RangeError(
      `${operation}: concurrency must be a whole number of at least 1 (got ${concurrency}).`,
    );
  if (signal?.aborted) throw createAbortError(operation);
  const limiter = new KvAdaptiveLimiter({ maxConcurrency: concurrency });
  const unsubscribe = rate.subscribe((hintMs) => limiter.rateLimited(hintMs));
  const iterator =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const results: KvBulkResult<T>[] = [];
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
      await limiter.acquire();
      const item = signal?.aborted ? undefined : await next();
      if (!item) {
        limiter.release(false);
        return;
      }
      let ok = false;
      try {
        results[item.index] = { key: item.task.key, ok: true, value: await item.task.run(signal) };
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
        results[item.index] = {
          key: item.task.key,
          ok: false,
          error: error instanceof Error ? error : new Error(String(error)),
        };
        progress.failed++;
      }
      progress.done++;
      onProgress?.({ ...progress, concurrency: limiter.state.limit });
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
  return results;
}
