/** A listener of {@link KvEvents}. */
// biome-ignore lint/suspicious/noExplicitAny: keyv 6's store type (hookified's IEventEmitter) types listeners so, and `(error: Error) => void` must fit.
export type KvListener = (...args: any[]) => void;

interface Registered {
  listener: KvListener;
  /** The listener as registered: `once` wraps it, `rawListeners` shows the wrapper. */
  raw: KvListener;
}

/**
 * The event-emitter surface Keyv expects of a store (keyv 6 types it as hookified's full `IEventEmitter`;
 * keyv 5 uses `on`), written here because `node:events` is not available in browsers.
 */
export class KvEvents {
  readonly #listeners = new Map<string | symbol, Registered[]>();

  #add(event: string | symbol, entry: Registered, first: boolean): this {
    const list = this.#listeners.get(event) ?? [];
    this.#listeners.set(event, first ? [entry, ...list] : [...list, entry]);
    return this;
  }

  #once(event: string | symbol, listener: KvListener): Registered {
    const raw: KvListener = (...args) => {
      this.off(event, listener);
      listener(...args);
    };
    return { listener, raw };
  }

  /** Subscribes to an event (Keyv subscribes to `error`). */
  on(event: string | symbol, listener: KvListener): this {
    return this.#add(event, { listener, raw: listener }, false);
  }

  /** Same as {@link on}. */
  addListener(event: string | symbol, listener: KvListener): this {
    return this.on(event, listener);
  }

  /** Subscribes for the next emission only. */
  once(event: string | symbol, listener: KvListener): this {
    return this.#add(event, this.#once(event, listener), false);
  }

  /** Subscribes ahead of the existing listeners. */
  prependListener(event: string | symbol, listener: KvListener): this {
    return this.#add(event, { listener, raw: listener }, true);
  }

  /** Subscribes ahead of the existing listeners, for the next emission only. */
  prependOnceListener(event: string | symbol, listener: KvListener): this {
    return this.#add(event, this.#once(event, listener), true);
  }

  /** Removes the most recently added registration of `listener`. */
  off(event: string | symbol, listener: KvListener): this {
    const list = [...(this.#listeners.get(event) ?? [])];
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i]?.listener !== listener && list[i]?.raw !== listener) continue;
      list.splice(i, 1);
      this.#listeners.set(event, list);
      break;
    }
    return this;
  }

  /** Same as {@link off}. */
  removeListener(event: string | symbol, listener: KvListener): this {
    return this.off(event, listener);
  }

  /** Removes every listener of `event`, or of every event. */
  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }

  /** Calls the listeners of `event`; `true` when there was one. */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.#listeners.get(event) ?? [];
    for (const entry of list) entry.raw(...args);
    return list.length > 0;
  }

  /** How many listeners `event` has. */
  listenerCount(event: string | symbol): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** Events that have listeners. */
  eventNames(): Array<string | symbol> {
    return [...this.#listeners.keys()].filter((event) => this.listenerCount(event) > 0);
  }

  /** The listeners of `event`, as given. */
  listeners(event: string | symbol): KvListener[] {
    return (this.#listeners.get(event) ?? []).map((entry) => entry.listener);
  }

  /** The listeners of `event`, with `once` wrappers. */
  rawListeners(event: string | symbol): KvListener[] {
    return (this.#listeners.get(event) ?? []).map((entry) => entry.raw);
  }
}
