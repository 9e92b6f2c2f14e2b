/**
 * One `telnyx-kv:operation` trace per public call. Callers check `isTraced(operationChannel)` first and call
 * core directly when nobody listens, so an untraced call builds no context and no closure.
 */
import type { KvKeyList, KvKeyPage, KvNamespaceList, KvNamespacePage } from "@telnyx-kv/core";
import type { KvBulkResult } from "./bulk.js";
import { type KvOperationScope, scopedSignal } from "./operation-scope.js";
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
function trace<T>(context: KvOperationTraceContext, run: () => Promise<T>, settle: Settle<T>): Promise<T> {
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
 * Runs a call as one operation trace. `run` gets the signal to send with: the caller's, followed under this
 * operation's scope, so each attempt's `telnyx-kv:request` context names the operation as its `parent`.
 */
export function traceOperation<T>(
  context: KvOperationTraceContext,
  callerSignal: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
  settle: Settle<T> = settleOk,
): Promise<T> {
  const signal = scopedSignal({ context }, callerSignal);
  return trace(context, () => run(signal), settle);
}

/** The call's options with the signal of its trace in place of the caller's. */
export function withSignal<O extends object>(
  options: O | undefined,
  signal: AbortSignal,
): O & { signal: AbortSignal } {
  return { ...(options as O), signal };
}

/**
 * A listing's scope and the options to create it with: its requests carry the scope's signal, and each page
 * fetched while traced sets the scope to that page's trace. `undefined` where this runtime has no tracing channels.
 */
export function listingScope<O extends { signal?: AbortSignal | undefined }>(
  options: O | undefined,
): { scope: KvOperationScope; options: O & { signal: AbortSignal } } | undefined {
  if (operationChannel === undefined) return undefined;
  const scope: KvOperationScope = { context: undefined };
  return { scope, options: withSignal(options, scopedSignal(scope, options?.signal)) };
}

/**
 * Fetches one page as one trace, the listing's scope naming it meanwhile. Two iterations of one listing at
 * once share the scope: their attempts go to the page trace started last.
 */
function tracePage<T>(
  scope: KvOperationScope | undefined,
  context: KvOperationTraceContext,
  fetch: () => Promise<T>,
): Promise<T> {
  if (scope === undefined) return trace(context, fetch, settleOk);
  scope.context = context;
  return trace(context, fetch, settleOk).finally(() => {
    if (scope.context === context) scope.context = undefined;
  });
}

/**
 * Wraps a page iterator so each page fetched is one trace. The step after a page that says it is the last is
 * taken untraced (it sends nothing); should the listing go on after all, it still runs, just untraced.
 */
async function* tracedPages<P>(
  source: AsyncIterable<P>,
  scope: KvOperationScope | undefined,
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
          : await tracePage(scope, describe(), () => iterator.next());
      if (step.done) return;
      yield step.value;
      last = isLast(step.value);
    }
  } finally {
    await iterator.return?.();
  }
}

/** A key listing whose every page fetch (`page()`, each step of `pages()` and of the key iterator) is a `list` trace. */
export function tracedKeyList(
  inner: KvKeyList,
  scope: KvOperationScope | undefined,
  describe: () => KvOperationTraceContext,
): KvKeyList {
  const pages = () =>
    tracedPages<KvKeyPage>(inner.pages(), scope, describe, (page) => !page.hasMore || !page.cursor);
  return {
    pages,
    page: () =>
      isTraced(operationChannel) ? tracePage(scope, describe(), () => inner.page()) : inner.page(),
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.keys;
    },
  };
}

/** A namespace listing whose every page fetch is a `namespaces.list` trace. */
export function tracedNamespaceList(
  inner: KvNamespaceList,
  scope: KvOperationScope | undefined,
  describe: () => KvOperationTraceContext,
): KvNamespaceList {
  const pages = () =>
    tracedPages<KvNamespacePage>(
      inner.pages(),
      scope,
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
 * Traces a streaming bulk call (`getEach`) as one operation, from the first step to the last. `inner` was made
 * with a signal scoped to `context` (`scopedSignal`), so every request of the call names this trace as its parent; the
 * first step starts the worker pool inside the trace's stores, for subscribers that bind one.
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
