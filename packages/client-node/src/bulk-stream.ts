import { setMaxListeners } from "node:events";
import { createAbortError } from "@telnyx-kv/core/transport";
import { bulkConcurrency, type KvBulkOptions, type KvBulkResult, type KvBulkTask, runPool } from "./bulk.js";
import { inheritScope } from "./operation-scope.js";

/**
 * Runs tasks like `runBulk` (bounded concurrency, each attempt paced by the client's pacer) but yields each result in
 * source order as soon as it and those before it are done. At most twice `concurrency` items are taken
 * from the source ahead of the consumer, so memory stays flat however long the source is. Stopping the
 * loop early stops the work; an abort rejects.
 */
export async function* streamBulk<T>(
  operation: string,
  source: Iterable<KvBulkTask<T>> | AsyncIterable<KvBulkTask<T>>,
  options: KvBulkOptions,
): AsyncGenerator<KvBulkResult<T>> {
  const concurrency = bulkConcurrency(operation, options);
  const ahead = 2 * concurrency;
  const held = new Map<number, KvBulkResult<T>>();
  const rooms: Array<() => void> = [];
  let next = 0;
  let taken = 0;
  let wake: (() => void) | undefined;
  let outcome: { error: unknown } | undefined;

  // The consumer's own stop (break, return) aborts the pool through this; the caller's signal does too.
  const stop = new AbortController();
  inheritScope(options.signal, stop.signal);
  // Every request in flight and every start waiting for the budget listens on it: that is up to a few per
  // unit of concurrency, past Node's default warning threshold of 10, with no leak. Raised to what the pool
  // legitimately holds, so a real leak still warns.
  setMaxListeners(4 * concurrency + 16, stop.signal);
  const forward = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) throw createAbortError(operation);
  options.signal?.addEventListener("abort", forward, { once: true });
  // Workers waiting for room must see the stop, or the pool would never end.
  stop.signal.addEventListener("abort", () => {
    for (const open of rooms.splice(0)) open();
  });

  const pool = runPool(
    operation,
    source,
    { ...options, signal: stop.signal },
    {
      deliver: (index, result) => {
        held.set(index, result);
        if (index === next) wake?.();
      },
      room: () => {
        if (taken - next < ahead) {
          taken++;
          return undefined;
        }
        return new Promise<void>((resolve) =>
          rooms.push(() => {
            taken++;
            resolve();
          }),
        );
      },
    },
  ).then(
    () => {
      outcome = { error: undefined };
      wake?.();
    },
    (error: unknown) => {
      outcome = { error };
      wake?.();
    },
  );

  try {
    for (;;) {
      const result = held.get(next);
      if (result) {
        held.delete(next++);
        rooms.shift()?.();
        yield result;
        continue;
      }
      if (outcome) {
        if (outcome.error === undefined) return;
        // The pool reports an abort of `stop` as this operation's abort; the caller's signal is the cause.
        throw options.signal?.aborted ? createAbortError(operation) : outcome.error;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    options.signal?.removeEventListener("abort", forward);
    if (!outcome) stop.abort();
    await pool;
  }
}
