/// <reference types="node" />
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bindingEnvVar, createKvClient, loadBindingIds } from "@telnyx-kv/client-node";
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { badSetting } from "../options.js";

/** Options of the Next.js handlers; every field has a default, most read from the environment. */
export interface KvNextCacheOptions {
  /** The namespace client to use. @default one made from TELNYX_API_KEY / TELNYX_BASE_URL for the namespace of `binding` */
  client?: KvNamespaceClient;
  /** Binding whose namespace holds the cache: `KV_<BINDING>_ID`, or `[storage.kv.<BINDING>]` in func.toml. @default "NEXT_CACHE" */
  binding?: string;
  /** Put in front of every key, so one namespace can hold several apps. @default "next/" */
  prefix?: string;
  /** Part of every ISR key, so a new deployment never serves the previous one's pages. @default the app's .next/BUILD_ID, else "" */
  buildId?: string;
  /** How long a process reuses an entry or a tag it read, in ms, before asking Telnyx KV again. @default 1000 */
  memoryTtlMs?: number;
  /** Most entries a process keeps in memory (tags are kept up to 10 times as many). @default 500 */
  memoryMax?: number;
  /** Also send `ttl_secs` so the server deletes entries when they expire (falls back when unsupported). @default true */
  serverTtl?: boolean;
  /** After a failed request, how long every call answers a miss without trying Telnyx KV, in ms. @default 5000 */
  outageRetryMs?: number;
  /** Where the handlers' few log lines go (one per outage, one per oversized value, one when unconfigured). @default console.warn */
  log?: (line: string) => void;
}

/** {@link KvNextCacheOptions} with defaults filled in; `client` is absent when nothing configures one. */
export interface KvNextResolvedOptions {
  client: KvNamespaceClient | undefined;
  /** Why there is no client, for the one log line. */
  missing: string | undefined;
  prefix: string;
  memoryTtlMs: number;
  memoryMax: number;
  serverTtl: boolean;
  outageRetryMs: number;
  log: (line: string) => void;
}

/** The log prefix of every line the handlers write. */
export const LOG_PREFIX = "[@telnyx-kv/cache-adapter/next]";

const isDuration = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value >= 0;

/** The namespace client from the environment, or why there is none (never throws: a build must not fail). */
function clientFromEnv(binding: string): { client?: KvNamespaceClient; missing?: string } {
  const variable = bindingEnvVar(binding);
  let id: string | undefined;
  try {
    id = loadBindingIds()[binding];
  } catch (error) {
    return { missing: (error as Error).message };
  }
  if (!id)
    return {
      missing: `no namespace for binding ${binding}: set ${variable} (or [storage.kv.${binding}] in func.toml)`,
    };
  if (!process.env.TELNYX_API_KEY?.trim()) return { missing: "no API key: set TELNYX_API_KEY" };
  // Few, quick retries: a page waits on these requests, and the outage guard takes over after them.
  const kv = createKvClient.fromEnv({
    retry: { retries: 1, baseDelayMs: 100, maxDelayMs: 500 },
    timeoutMs: 5000,
  });
  return { client: kv.namespace(id) };
}

/** Fills in defaults, checks options (a bad one throws core's `KvConfigError`), reads the environment. */
export function resolveNextOptions(options: KvNextCacheOptions): KvNextResolvedOptions {
  const {
    binding = "NEXT_CACHE",
    prefix = "next/",
    memoryTtlMs = 1000,
    memoryMax = 500,
    serverTtl = true,
    outageRetryMs = 5000,
    log,
  } = options;
  if (typeof binding !== "string" || binding === "")
    badSetting("binding", "a binding name like NEXT_CACHE", binding);
  if (!isDuration(memoryTtlMs)) badSetting("memoryTtlMs", "a number of ms, 0 or more", memoryTtlMs);
  if (!Number.isInteger(memoryMax) || memoryMax < 1)
    badSetting("memoryMax", "a whole number of at least 1", memoryMax);
  if (!isDuration(outageRetryMs)) badSetting("outageRetryMs", "a number of ms, 0 or more", outageRetryMs);
  if (log !== undefined && typeof log !== "function") badSetting("log", "a function", log);
  const found = options.client ? { client: options.client } : clientFromEnv(binding);
  return {
    client: found.client,
    missing: found.missing,
    prefix,
    memoryTtlMs,
    memoryMax,
    serverTtl,
    outageRetryMs,
    log: (line) => (log ?? console.warn)(`${LOG_PREFIX} ${line}`),
  };
}

/** Build ids read, per server folder: Next makes a handler per request, the file is read once. */
const buildIds = new Map<string, string>();

/** The build id of the app whose server folder is `serverDistDir` (`<distDir>/server`), or "". */
export function readBuildId(serverDistDir: string | undefined): string {
  if (!serverDistDir) return "";
  let id = buildIds.get(serverDistDir);
  if (id === undefined) {
    try {
      id = readFileSync(join(serverDistDir, "..", "BUILD_ID"), "utf8").trim();
    } catch {
      id = "";
    }
    buildIds.set(serverDistDir, id);
  }
  return id;
}
