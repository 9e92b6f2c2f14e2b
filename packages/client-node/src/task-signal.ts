import { inheritScope } from "./operation-scope.js";

/**
 * Runs `run` with a signal of its own that follows `signal` only while `run` is pending. Every request
 * derives a signal from the one it is given (ky calls `AbortSignal.any`), and a source signal keeps an
 * entry for each signal derived from it for as long as it lives: on Node 20 the entries are never pruned,
 * and on later Nodes not while a derived signal is observed. A bulk call's signal lives for the whole call,
 * so an export of 500,000 keys piled up 500,000 entries (≈ 40 MB, measured in the CLI's bench/RESULTS.md).
 * The short-lived signal here takes those entries and goes with them; the long-lived one only gains and
 * loses one listener per item. The item's signal keeps the call's operation scope (for tracing).
 */
export async function withTaskSignal<T>(
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!signal || signal.aborted) return run(signal);
  const own = new AbortController();
  inheritScope(signal, own.signal);
  const forward = () => own.abort(signal.reason);
  signal.addEventListener("abort", forward, { once: true });
  try {
    return await run(own.signal);
  } finally {
    signal.removeEventListener("abort", forward);
  }
}
