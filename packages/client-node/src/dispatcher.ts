import { Agent, type Dispatcher, ProxyAgent } from "undici";
import { type KvProxyEnv, resolveProxy } from "./no-proxy.js";

/** How the client's connection pool is built. */
export interface KvDispatcherSettings {
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
export function createDispatcher(settings: KvDispatcherSettings): Dispatcher {
  const agentOptions: Agent.Options = {
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    ...(settings.connections === undefined ? {} : { connections: settings.connections }),
  };
  const proxy = resolveProxy(settings.baseUrl, settings.proxy, settings.env);
  return proxy === undefined ? new Agent(agentOptions) : new ProxyAgent({ ...agentOptions, uri: proxy });
}
