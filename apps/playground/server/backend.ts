import { resolveEnvTarget } from "@telnyx-kv/client-node";
import { normalizeBaseUrl } from "@telnyx-kv/core/transport";
import { startEmulator } from "@telnyx-kv/emulator";

/**
 * The fixed bearer token of the local emulator. It guards nothing (the emulator listens on 127.0.0.1
 * only); it exists so the proxy, the scenarios and any curl share one emulator account.
 */
export const LOCAL_TOKEN = "playground-local-token";

/** Where KV requests of the playground go: the local emulator or the real Telnyx API. */
export interface KvBackend {
  /** `emulator` for the local SQLite emulator, `telnyx` for the real API (real data, real account). */
  mode: "emulator" | "telnyx";
  /** API root including `/v2`. */
  baseUrl: string;
  /** The key the server side sends; never given to the page. */
  apiKey: string;
  /** The SQLite folder, in emulator mode. */
  dataDir?: string;
  /** Stops the emulator and closes its database (nothing to do for the real API). */
  close(): Promise<void>;
}

/** Options of {@link startBackend}. */
export interface KvBackendOptions {
  /** Where TELNYX_API_KEY and TELNYX_BASE_URL are read; a key there selects the real API. */
  env: Record<string, string | undefined>;
  /** Where the emulator keeps keys: SQLite in `dataDir` (kept across restarts) or memory. @default "sqlite" */
  store?: "sqlite" | "memory";
  /** SQLite folder of the emulator; required by the `sqlite` store. */
  dataDir?: string;
  /** How long a new namespace stays `pending` in the emulator, so the UI can show it turning ready. @default 0 */
  provisionDelayMs?: number;
  /** The emulator's requests per minute before 429, sent as `x-ratelimit-*` on every answer. @default no limit */
  rateLimitPerMinute?: number;
}

/** Starts the emulator (on SQLite unless `store` says memory), unless TELNYX_API_KEY asks for the real API. */
export async function startBackend(options: KvBackendOptions): Promise<KvBackend> {
  const target = resolveEnvTarget(options.env);
  if (target.apiKey) {
    const baseUrl = normalizeBaseUrl(target.baseUrl);
    return { mode: "telnyx", baseUrl, apiKey: target.apiKey, close: async () => {} };
  }
  const store = options.store ?? "sqlite";
  const provisionDelayMs = options.provisionDelayMs ?? 0;
  const emulator = await startEmulator({
    store,
    dataDir: options.dataDir,
    host: "127.0.0.1",
    port: 0,
    tokens: [LOCAL_TOKEN],
    provisionDelayMs,
    ...(options.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: options.rateLimitPerMinute }),
    // Deleting is asynchronous on the real API too; a short delay lets the UI show `deleting`.
    deleteDelayMs: Math.min(provisionDelayMs, 1000),
  });
  return {
    mode: "emulator",
    baseUrl: emulator.url,
    apiKey: LOCAL_TOKEN,
    ...(store === "sqlite" ? { dataDir: options.dataDir } : {}),
    close: () => emulator.close(),
  };
}
