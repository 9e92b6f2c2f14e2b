import {
  createKvClient as createCoreClient,
  createKvPacer,
  type KvClientOptions,
  KvConfigError,
  type KvClient as KvCoreClient,
  type KvLogger,
  type KvNamespaces,
  type KvPacer,
} from "@telnyx-kv/core";
import { normalizeBaseUrl } from "@telnyx-kv/core/transport";
import type { Dispatcher } from "undici";
import { createConnectionPool } from "./connection-pool.js";
import { resolveEnvTarget } from "./env-target.js";
import { resolveLogger } from "./logger.js";
import { type KvNodeNamespaceClient, NodeNamespaceClient } from "./node-namespace-client.js";
import { createRequestTracingHook } from "./request-tracing.js";
import { TracedNamespaces } from "./traced-namespaces.js";

/** Options of the Node client: core's options plus the connection pool, proxy and environment. */
export interface KvNodeClientOptions extends Omit<KvClientOptions, "logger" | "pacer"> {
  /** Paces every attempt to the account's budget; pass one pacer to several clients to pace them as one, or `false` for none. @default one pacer per client */
  pacer?: KvPacer | false;
  /** Receives one debug line per attempt (never headers); `false` silences `TELNYX_KV_LOG`. @default a stderr logger when TELNYX_KV_LOG=debug, else none */
  logger?: KvLogger | false;
  /** Proxy URL for every request; `false` ignores the proxy variables. @default HTTPS_PROXY / HTTP_PROXY unless NO_PROXY covers the host */
  proxy?: string | URL | false;
  /** Most sockets kept open to the API. @default unlimited (undici's default) */
  connections?: number;
  /** How long an idle socket stays open for reuse, ms. @default 4000 */
  keepAliveTimeoutMs?: number;
  /** Your own undici dispatcher (Agent, Pool, MockAgent); `close()` then leaves it open. One without `request()` (Bun's undici) is a KvConfigError: leave it out there. @default one Agent per client */
  dispatcher?: Dispatcher;
  /** Where TELNYX_KV_LOG and the proxy variables (and for `fromEnv` the API key and base URL) are read. @default process.env */
  env?: Record<string, string | undefined>;
}

/** The Node client: core's client with Node namespace clients and a pool to close. */
export interface KvNodeClient extends KvCoreClient {
  /** Namespace management. */
  readonly namespaces: KvNamespaces;
  /** The namespace client of one namespace's keys, with streams, files and bulk helpers (validates the id). */
  namespace(id: string): KvNodeNamespaceClient;
  /** The pacer every attempt of this client passes (its `state` shows the budget); `undefined` with `pacer: false`. */
  readonly pacer: KvPacer | undefined;
  /** Closes the connection pool; later requests fail. Safe to call twice. */
  close(): Promise<void>;
}

/** Creates a Telnyx KV client for Node: keep-alive undici pool, proxy support, Node values and bulk helpers. */
export function createKvClient(options: KvNodeClientOptions = {}): KvNodeClient {
  const {
    logger,
    proxy,
    connections,
    keepAliveTimeoutMs,
    dispatcher,
    pacer,
    env = process.env,
    ...core
  } = options;
  // undici's pool where it can send; on Bun, whose `undici` is a stand-in without `request`, the runtime's fetch.
  const pool = core.fetch
    ? { fetch: core.fetch, close: () => Promise.resolve() }
    : createConnectionPool(
        {
          baseUrl: normalizeBaseUrl(core.baseUrl),
          proxy,
          connections,
          keepAliveTimeoutMs: keepAliveTimeoutMs ?? 4000,
          env,
        },
        dispatcher,
      );
  const clientPacer = pacer === false ? undefined : (pacer ?? createKvPacer());
  const resolvedLogger = resolveLogger(logger, env);
  // Last, so the request trace times the attempt itself, not the pacer's wait or other hooks.
  const tracingHook = createRequestTracingHook(
    normalizeBaseUrl(core.baseUrl),
    core.apiKey === undefined ? [] : [core.apiKey],
  );
  const client = createCoreClient({
    ...core,
    fetch: pool.fetch,
    pacer: clientPacer,
    ...(tracingHook ? { hooks: [...(core.hooks ?? []), tracingHook] } : {}),
    // Streamed values are read (up to 1 MiB) and sent whole: ky clones every request for retries, which tees
    // the body into memory anyway; a buffer can be retried, gets a content-length, and avoids Node 18's leak
    // of two MessagePorts per cloned stream body (which also keeps the process from exiting).
    bufferStreams: true,
    ...(resolvedLogger ? { logger: resolvedLogger } : {}),
  });
  return {
    baseUrl: client.baseUrl,
    namespaces: new TracedNamespaces(client.namespaces),
    namespace: (id) => new NodeNamespaceClient(client.namespace(id)),
    pacer: clientPacer,
    close: () => pool.close(),
  };
}

/**
 * Creates a client from the environment: TELNYX_API_KEY, and TELNYX_BASE_URL when set (with or without
 * `/v2`). Options given win over the variables. Throws a KvConfigError when no API key is found.
 */
function fromEnv(overrides: KvNodeClientOptions = {}): KvNodeClient {
  const target = resolveEnvTarget(overrides.env ?? process.env, overrides);
  // A getToken provider given in code wins over a key in the environment (core refuses both at once).
  const apiKey = overrides.getToken === undefined ? target.apiKey : overrides.apiKey;
  if (apiKey === undefined && overrides.getToken === undefined) {
    throw new KvConfigError(
      "No Telnyx API key: set the TELNYX_API_KEY environment variable or pass the `apiKey` option.",
      { option: "apiKey", envVar: "TELNYX_API_KEY" },
    );
  }
  const baseUrl = target.baseUrl;
  return createKvClient({
    ...overrides,
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
}

/** Creates a client from TELNYX_API_KEY and TELNYX_BASE_URL; see {@link KvClient.fromEnv}. */
createKvClient.fromEnv = fromEnv;

/** The Node client type (same as {@link KvNodeClient}). */
export type KvClient = KvNodeClient;

/** Entry points of the Node client: `KvClient.fromEnv()` and `KvClient.create(options)`. */
export const KvClient: {
  /** Creates a client from TELNYX_API_KEY and TELNYX_BASE_URL; options given win over the variables. */
  fromEnv(overrides?: KvNodeClientOptions): KvNodeClient;
  /** Creates a client from options (same as {@link createKvClient}). */
  create(options?: KvNodeClientOptions): KvNodeClient;
} = { fromEnv, create: createKvClient };
