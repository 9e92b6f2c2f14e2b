import type { EmulatorFaults } from "./faults.js";

/** Settings of {@link startEmulator}; every field is optional. */
export interface EmulatorOptions {
  /** Port to listen on; 0 picks any free port. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Where keys live: in memory, or in SQLite under `dataDir` (survives restarts). @default "memory" */
  store?: "memory" | "sqlite";
  /** Folder of the SQLite database `kv.sqlite3` (created if missing); required when `store` is "sqlite". */
  dataDir?: string;
  /** Accepted bearer tokens. @default any non-empty token, each token its own account */
  tokens?: string[];
  /** How long a new namespace stays `pending`, ms (POST always answers `pending`). @default 0 */
  provisionDelayMs?: number;
  /** How long a deleted namespace stays `deleting` before it answers 404, ms. @default 0 */
  deleteDelayMs?: number;
  /** Whether namespaces accept `ttl_secs`; false answers such writes 409. @default true */
  ttlSupport?: boolean;
  /** Requests per token per window (a minute unless `rateLimitWindowMs`) before 429 (code 10011 with `x-ratelimit-*` headers). @default no limit */
  rateLimitPerMinute?: number;
  /** Length of the rate-limit window, ms (`rateLimitPerMinute` requests per window). @default 60000 */
  rateLimitWindowMs?: number;
  /** Injected latency and failures; change them later with `setFaults`. @default none */
  faults?: EmulatorFaults;
  /** Origins allowed by CORS. @default any http(s) origin on localhost, 127.0.0.1 or [::1], any port */
  corsOrigins?: string[] | "*";
  /** Receives one line per request (method, path, status, ms); never the token. @default false */
  logger?: ((line: string) => void) | false;
  /** Clock in ms for timestamps, TTL expiry and namespace lifecycle (tests pass a fake). @default Date.now */
  now?: () => number;
  /** Keep a record of every request in `emulator.requests`. @default false */
  recordRequests?: boolean;
}

/** One request as the emulator saw it; `status` is 0 for a connection reset on purpose. */
export interface EmulatorRequestRecord {
  method: string;
  /** Request path as sent (still percent-encoded), without the query string. */
  path: string;
  status: number;
  /** Namespace id the request addressed, if any. */
  namespaceId?: string;
  /** Decoded key the request addressed, if any. */
  key?: string;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL including `/v2`, e.g. `http://127.0.0.1:41234/v2`: pass it as the client's base URL. */
  url: string;
  /** Scheme, host and port, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Port it listens on. */
  port: number;
  /** Replaces the injected faults while running; `undefined` removes them. */
  setFaults(faults: EmulatorFaults | undefined): void;
  /** Requests seen so far, when started with `recordRequests`. */
  requests: EmulatorRequestRecord[];
  /** Stops listening, closes open connections, timers and the database. */
  close(): Promise<void>;
}
