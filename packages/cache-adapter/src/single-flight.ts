/** Shares one in-flight promise among concurrent callers of the same key. */
export class KvSingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  /**
   * Runs `task` unless one for `key` is already running, in which case its promise is shared.
   * `isCurrent()` tells the task whether it is still the one later callers would join (a write
   * calls {@link forget}, so a read that started before it does not cache what it got).
   */
  run(key: string, task: (isCurrent: () => boolean) => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) return running;
    let promise: Promise<T> | undefined;
    const isCurrent = () => this.#inFlight.get(key) === promise;
    // Start the task a microtask later, so `promise` is registered before any of its code runs.
    promise = Promise.resolve()
      .then(() => task(isCurrent))
      .finally(() => {
        if (isCurrent()) this.#inFlight.delete(key);
      });
    this.#inFlight.set(key, promise);
    return promise;
  }

  /** Detaches the running task of `key`: later callers start a new one. */
  forget(key: string): void {
    this.#inFlight.delete(key);
  }
}
