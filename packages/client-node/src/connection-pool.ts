import { KvConfigError } from "@telnyx-kv/core";
import { Agent, type Dispatcher, ProxyAgent } from "undici";
import { type KvProxyEnv, resolveProxy } from "./no-proxy.js";
import { createUndiciFetch } from "./undici-fetch.js";

/** How the client's connection pool is built. */
export interface KvConnectionPoolSettings {
  /** Normalised API root; decides whether a proxy applies. */
  baseUrl: string;
  /** Explicit proxy, `false` for none, `undefined` to read the environment. */
  proxy: string | URL | false | undefined;
  /** Most sockets per origin; `undefined` leaves undici's default (no limit). */
  connections: number | undefined;
  /** How long an idle socket is kept for reuse, ms. */
  keepAliveTimeoutMs: number;
  /** Where proxy variables are read from. */
  env: KvProxyEnv;
}

/** One keep-alive pool per client: a direct `Agent`, or a `ProxyAgent` when a proxy applies. */
export function createDispatcher(settings: KvConnectionPoolSettings): Dispatcher {
  const agentOptions: Agent.Options = {
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    ...(settings.connections === undefined ? {} : { connections: settings.connections }),
  };
  const proxy = resolveProxy(settings.baseUrl, settings.proxy, settings.env);
  return proxy === undefined ? new Agent(agentOptions) : new ProxyAgent({ ...agentOptions, uri: proxy });
}

/** The client's connection pool as ky sees it: a `fetch` over the pool, and how to let go of its sockets. */
export interface KvConnectionPool {
  fetch: typeof globalThis.fetch;
  /** Closes what the pool owns (never a dispatcher the caller passed); later requests fail. */
  close(): Promise<void>;
}

/** Whether `dispatcher` can send requests: Bun's stand-in for undici has the classes, not their methods. */
export function canDispatch(dispatcher: unknown): dispatcher is Dispatcher {
  return typeof (dispatcher as Partial<Dispatcher> | undefined)?.request === "function";
}

/**
 * The runtime's own `fetch`, for runtimes whose `undici` cannot send (Bun): the runtime pools connections
 * itself, and a proxy goes in fetch's `proxy` option, which Bun reads (Bun also reads the proxy variables).
 */
function runtimeFetch(proxy: string | undefined): KvConnectionPool {
  let closed = false;
  return {
    fetch(input, init) {
      // As a closed undici pool does: a request after close() is a network failure, and reaches nothing.
      if (closed) return Promise.reject(new TypeError("fetch failed: the client was closed"));
      return globalThis.fetch(input, proxy === undefined ? init : ({ ...init, proxy } as RequestInit));
    },
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
}

/**
 * The undici pool where undici can send, else the runtime's `fetch` (found by capability, not name).
 * Only the pool built here may fall back: a `dispatcher` the caller passed that cannot send is refused, as
 * replacing it would silently drop what it was passed for (a MockAgent, a proxy, interceptors).
 */
export function createConnectionPool(
  settings: KvConnectionPoolSettings,
  dispatcher?: Dispatcher,
): KvConnectionPool {
  if (dispatcher !== undefined && !canDispatch(dispatcher)) {
    throw new KvConfigError(
      "The dispatcher option cannot be used on this runtime: it has no request() method (as on Bun, whose " +
        "undici classes cannot send). Leave the option out and the client uses the runtime's own fetch.",
      { option: "dispatcher" },
    );
  }
  const pool = dispatcher ?? createDispatcher(settings);
  if (!canDispatch(pool)) return runtimeFetch(resolveProxy(settings.baseUrl, settings.proxy, settings.env));
  let closing: Promise<void> | undefined;
  return {
    fetch: createUndiciFetch(pool),
    close() {
      closing ??= dispatcher ? Promise.resolve() : pool.close();
      return closing;
    },
  };
}
