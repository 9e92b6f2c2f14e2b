/**
 * Which `telnyx-kv:operation` trace an HTTP attempt belongs to, found with no async-context store. A traced call
 * runs under a signal of its own, registered here with a scope; the signals derived from it (a bulk item's,
 * a streaming pool's) inherit the scope, and the request hook reads the scope of the signal core hands every
 * attempt. The scope of a listing's iteration names each page's trace in turn (each page is one trace); a call's never changes.
 */
import type { KvOperationTraceContext } from "./tracing-channels.js";

/** The operation a signal's requests belong to, `undefined` between the pages of a listing. */
export interface KvOperationScope {
  context: KvOperationTraceContext | undefined;
}

const scopes = new WeakMap<AbortSignal, KvOperationScope>();

/**
 * A signal for a traced call that follows the caller's (`AbortSignal.any`, so it keeps following while the
 * call's result is read, a value's body say) and carries `scope`. Tracing needs `tracingChannel` (Node 18.19+,
 * Bun, Deno), which all have `AbortSignal.any`. Like every signal derived from the caller's, it leaves an entry on
 * it that Node 18 and 20 keep while the caller's signal lives: one per traced call.
 */
export function scopedSignal(scope: KvOperationScope, callerSignal: AbortSignal | undefined): AbortSignal {
  const signal = callerSignal ? AbortSignal.any([callerSignal]) : new AbortController().signal;
  scopes.set(signal, scope);
  return signal;
}

/** Gives `derived` the scope of `source` (if it has one), so the requests made under it stay in that operation. */
export function inheritScope(source: AbortSignal | undefined, derived: AbortSignal): void {
  const scope = source === undefined ? undefined : scopes.get(source);
  if (scope !== undefined) scopes.set(derived, scope);
}

/** The operation trace whose call made a request with this signal, if any. */
export function operationOf(signal: AbortSignal | undefined): KvOperationTraceContext | undefined {
  return signal === undefined ? undefined : scopes.get(signal)?.context;
}
