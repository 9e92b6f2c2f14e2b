/** Waits `ms`, or rejects with `onAbort()` as soon as `signal` fires. */
export function sleep(
  ms: number,
  signal?: AbortSignal,
  onAbort: () => unknown = () => signal?.reason,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(onAbort());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}
