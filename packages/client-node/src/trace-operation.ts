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

/** What a call's options have in common here: the caller's abort signal. */
type Signaled = { signal?: AbortSignal | undefined };

/** The options with the caller's signal followed under `scope` (see `scopedSignal`) in its place. */
function scopedOptions<O extends Signaled>(
  scope: KvOperationScope,
  options: O | undefined,
): O & { signal: AbortSignal } {
  return { ...(options as O), signal: scopedSignal(scope, options?.signal) };
}

/**
 * Runs a call as one operation trace. `run` gets the options to send with: the caller's, with the caller's signal
 * followed under this operation's scope, so each attempt's `telnyx-kv:request` context names it as `parent`.
 */
export function traceOperation<O extends Signaled, T>(
  context: KvOperationTraceContext,
  options: O | undefined,
  run: (options: O & { signal: AbortSignal }) => Promise<T>,
  settle: Settle<T> = settleOk,
): Promise<T> {
  const scoped = scopedOptions({ context }, options);
  return trace(context, () => run(scoped), settle);
}

/** Core's listing made with the given options (a traced one gets a listing of its own). */
type MakeListing<O extends Signaled, L> = (options: O & { signal: AbortSignal }) => L;

/**
 * Steps through one iteration of a listing, each page fetched one trace. The iteration runs on a listing of its
 * own, under a scope each traced page names while it is fetched (so attempts, retries included, find it). The
 * step after a page that says it is the last is taken untraced (it sends nothing); a page fetched after the
 * last subscriber left is untraced too.
 */
async function* tracedPages<O extends Signaled, P>(
  list: MakeListing<O, { pages(): AsyncIterable<P> }>,
  options: O | undefined,
  describe: () => KvOperationTraceContext,
  isLast: (page: P) => boolean,
): AsyncGenerator<P> {
  const scope: KvOperationScope = { context: undefined };
  const iterator = list(scopedOptions(scope, options)).pages()[Symbol.asyncIterator]();
  let last = false;
  try {
    for (;;) {
      let step: IteratorResult<P>;
      if (last || !isTraced(operationChannel)) {
        step = await iterator.next();
      } else {
        const context = describe();
        scope.context = context;
        try {
          step = await trace(context, () => iterator.next(), settleOk);
        } finally {
          scope.context = undefined;
        }
      }
      if (step.done) return;
      yield step.value;
      last = isLast(step.value);
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * A listing's `pages()`: a traced iteration on a listing of its own when someone listens as it starts, else
 * `untraced` (core's listing made at the call, so bad options throw there).
 */
function pagesOf<O extends Signaled, P>(
  untraced: { pages(): AsyncIterable<P> },
  list: MakeListing<O, { pages(): AsyncIterable<P> }>,
  options: O | undefined,
  describe: () => KvOperationTraceContext,
  isLast: (page: P) => boolean,
): () => AsyncIterable<P> {
  return () => (isTraced(operationChannel) ? tracedPages(list, options, describe, isLast) : untraced.pages());
}

/**
 * A key listing whose every page fetch (`page()`, each step of `pages()` and of the key iterator) is a `list`
 * trace; see {@link pagesOf}.
 */
export function tracedKeyList<O extends Signaled>(
  untraced: KvKeyList,
  list: MakeListing<O, KvKeyList>,
  options: O | undefined,
  describe: () => KvOperationTraceContext,
): KvKeyList {
  const pages = pagesOf<O, KvKeyPage>(
    untraced,
    list,
    options,
    describe,
    (page) => !page.hasMore || !page.cursor,
  );
  return {
    pages,
    page: () => {
      if (!isTraced(operationChannel)) return untraced.page();
      const context = describe();
      return trace(context, () => list(scopedOptions({ context }, options)).page(), settleOk);
    },
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.keys;
    },
  };
}

/** A namespace listing whose every page fetch is a `namespaces.list` trace (as {@link tracedKeyList}). */
export function tracedNamespaceList<O extends Signaled>(
  untraced: KvNamespaceList,
  list: MakeListing<O, KvNamespaceList>,
  options: O | undefined,
  describe: () => KvOperationTraceContext,
): KvNamespaceList {
  const pages = pagesOf<O, KvNamespacePage>(
    untraced,
    list,
    options,
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
