import { type KvCallOptions, KvConfigError } from "@telnyx-kv/core";
import { createAbortError } from "@telnyx-kv/core/transport";
import { withTaskSignal } from "./task-signal.js";

/** Default number of requests a bulk call keeps in flight. */
export const KV_DEFAULT_BULK_CONCURRENCY = 16;

/** Progress of a bulk call, reported after every item. */
export interface KvBulkProgress {
  /** Items finished, succeeded or failed. */
  done: number;
  /** Items known so far (grows while `deletePrefix` is still listing). */
  total: number;
  /** Items that failed. */
  failed: number;
  /** The key of the item that just finished. */
  key: string;
  /** Its position in the input, as in the results array. */
  index: number;
  /** Whether it succeeded (for a write: the server acknowledged it). */
  ok: boolean;
}

/** Options every bulk call takes. */
export interface KvBulkOptions extends KvCallOptions {
  /** Most items in flight; the client's pacer decides when each attempt starts. @default 16 */
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
 * Runs tasks with bounded concurrency and returns one result per task in source order. Each task is one
 * single call: core's retry loop decides its retries and the client's pacer its starts, so an item is never
 * run twice here, and under a sustained 429 it sends at most `retry.retries + 1` requests. An abort rejects.
 */
export async function runBulk<T>(
  operation: string,
  source: Iterable<KvBulkTask<T>> | AsyncIterable<KvBulkTask<T>>,
  options: KvBulkOptions,
): Promise<KvBulkResult<T>[]> {
  const results: KvBulkResult<T>[] = [];
  await runPool(operation, source, options, {
    deliver: (index, result) => {
      results[index] = result;
    },
  });
  return results;
}

/** Checks a bulk call's `concurrency` and returns it (or the default). */
export function bulkConcurrency(operation: string, options: KvBulkOptions): number {
  const concurrency = options.concurrency ?? KV_DEFAULT_BULK_CONCURRENCY;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new KvConfigError(
      `${operation}: concurrency must be a whole number of at least 1 (got ${concurrency}); pass one, or leave it out for ${KV_DEFAULT_BULK_CONCURRENCY}.`,
      { option: "concurrency" },
    );
  return concurrency;
}

/** The worker pool behind every bulk call: what {@link runBulk} says, with results going to `sink`. */
export async function runPool<T>(
  operation: string,
  source: Iterable<KvBulkTask<T>> | AsyncIterable<KvBulkTask<T>>,
  options: KvBulkOptions,
  sink: KvBulkSink<T>,
): Promise<void> {
  const { signal, onProgress } = options;
  const concurrency = bulkConcurrency(operation, options);
  if (signal?.aborted) throw createAbortError(operation);
  const iterator =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const progress = { done: 0, total: 0, failed: 0 };
  let exhausted = false;
  let sourceError: unknown;

  async function next(): Promise<{ task: KvBulkTask<T>; index: number } | undefined> {
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
    return { task: step.value, index: progress.total++ };
  }

  async function worker(): Promise<void> {
    for (;;) {
      const item = signal?.aborted ? undefined : await next();
      if (!item) return;
      let ok = false;
      try {
        // The task's whole work (for a read, its body too) runs inside `run`, so its own signal can end with it.
        const value = await withTaskSignal(signal, (own) => item.task.run(own));
        sink.deliver(item.index, { key: item.task.key, ok: true, value });
        ok = true;
      } catch (error) {
        if (signal?.aborted) return;
        sink.deliver(item.index, {
          key: item.task.key,
          ok: false,
          error: error instanceof Error ? error : new Error(String(error)),
        });
        progress.failed++;
      }
      progress.done++;
      onProgress?.({ ...progress, key: item.task.key, index: item.index, ok });
    }
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await (iterator as AsyncIterator<unknown>).return?.();
  }
  if (signal?.aborted) throw createAbortError(operation);
  if (sourceError !== undefined) throw sourceError;
}
