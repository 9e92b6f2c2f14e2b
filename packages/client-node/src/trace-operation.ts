/**
 * One `telnyx-kv:operation` trace per public call. Callers check `isTraced(operationChannel)` first and call
 * core directly when nobody listens, so an untraced call builds no context and no closure.
 */
import type { KvKeyList, KvKeyPage, KvNamespaceList, KvNamespacePage } from "@telnyx-kv/core";
import type { KvBulkResult } from "./bulk.js";
import { isTraced, type KvOperationTraceContext, operationChannel } from "./tracing-channels.js";

/** Sets how a call that resolved ended; the default says `ok`. */
type Settle<T> = (context: KvOperationTraceContext, result: T) => void;

const settleOk: Settle<unknown> = (context) => {
  context.outcome = "ok";
};

/** A read that resolved with `null` found no key. */
export const settleRead: Settle<unknown> = (context, result) => {
  context.outcome = result === null ? "miss" : "ok";
};

/** A bulk call: its item count, how many failed, and `partial` when any did. */
export const settleBulk: Settle<readonly KvBulkResult<unknown>[]> = (context, results) => {
  let failed = 0;
  for (const result of results) if (!result.ok) failed++;
  context.count = results.length;
  context.failed = failed;
  context.outcome = failed > 0 ? "partial" : "ok";
};

/** Runs `run` as one trace on the operation channel (`tracePromise`: start, end, then asyncStart/asyncEnd, or error). */
export function traceOperation<T>(
  context: KvOperationTraceContext,
  run: () => Promise<T>,
  settle: Settle<T> = settleOk,
): Promise<T> {
  const channel = operationChannel;
  if (!isTraced(channel)) return run();
  return channel.tracePromise(async () => {
    try {
      const result = await run();
      // Set before tracePromise publishes asyncStart, so subscribers see the outcome with the result.
      settle(context, result);
      return result;
    } catch (error) {
      context.outcome = "error";
      throw error;
    }
  }, context);
}

/**
 * Wraps a page iterator so each page fetched is one trace. The step after a page that says it is the last is
 * taken untraced (it sends nothing); should the listing go on after all, it still runs, just untraced.
 */
async function* tracedPages<P>(
  source: AsyncIterable<P>,
  describe: () => KvOperationTraceContext,
  isLast: (page: P) => boolean,
): AsyncGenerator<P> {
  const iterator = source[Symbol.asyncIterator]();
  let last = false;
  try {
    for (;;) {
      const step =
        last || !isTraced(operationChannel)
          ? await iterator.next()
          : await traceOperation(describe(), () => iterator.next(), settleOk);
      if (step.done) return;
      yield step.value;
      last = isLast(step.value);
    }
  } finally {
    await iterator.return?.();
  }
}

/** A key listing whose every page fetch (`page()`, each step of `pages()` and of the key iterator) is a `list` trace. */
export function tracedKeyList(inner: KvKeyList, describe: () => KvOperationTraceContext): KvKeyList {
  const pages = () =>
    tracedPages<KvKeyPage>(inner.pages(), describe, (page) => !page.hasMore || !page.cursor);
  return {
    pages,
    page: () => (isTraced(operationChannel) ? traceOperation(describe(), () => inner.page()) : inner.page()),
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.keys;
    },
  };
}

/** A namespace listing whose every page fetch is a `namespaces.list` trace. */
export function tracedNamespaceList(
  inner: KvNamespaceList,
  describe: () => KvOperationTraceContext,
): KvNamespaceList {
  const pages = () =>
    tracedPages<KvNamespacePage>(
      inner.pages(),
      describe,
      (page) => page.namespaces.length === 0 || page.pageNumber >= page.totalPages,
    );
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.namespaces;
    },
  };
}

/**
 * Traces a streaming bulk call (`getEach`) as one operation, from the first step to the last: the first step
 * starts the worker pool, so it runs inside the trace's stores and every request of the call sees them.
 */
export async function* tracedEach<T>(
  context: KvOperationTraceContext,
  inner: AsyncGenerator<KvBulkResult<T>>,
): AsyncGenerator<KvBulkResult<T>> {
  const channel = operationChannel;
  if (!isTraced(channel)) return yield* inner;
  let count = 0;
  let failed = 0;
  try {
    let step = await channel.start.runStores(context, () => {
      try {
        return inner.next();
      } finally {
        channel.end.publish(context);
      }
    });
    while (!step.done) {
      count++;
      if (!step.value.ok) failed++;
      yield step.value;
      step = await inner.next();
    }
  } catch (error) {
    context.outcome = "error";
    context.error = error;
    channel.error.publish(context);
    throw error;
  } finally {
    // Also reached when the consumer stops early: the call then ends with what it yielded.
    await inner.return(undefined);
    context.count = count;
    context.failed = failed;
    context.outcome ??= failed > 0 ? "partial" : "ok";
    channel.asyncStart.publish(context);
    channel.asyncEnd.publish(context);
  }
}
