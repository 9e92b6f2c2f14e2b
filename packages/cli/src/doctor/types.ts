/** The shapes of a fact-check run: one row per fact, and the report that `telnyx-kv doctor` prints. */

/** `setup`: the connection itself; `doc`: stated by Telnyx; `choice`: this project's decision (docs/API-FACTS.md). */
export type KvFactKind = "setup" | "doc" | "choice";

/** How a row came out; `not-checked` always carries a `why`. */
export type KvFactStatus = "ok" | "differs" | "not-checked";

/** Where a row lives in docs/API-FACTS.md. */
export type KvFactSection = "Setup" | "Wire basics" | "Namespaces" | "Keys";

/** One fact: what API-FACTS says, what the target answered, and whether they agree. */
export interface KvFactRow {
  /** Stable id such as `"keys.delete-status"`, for scripts and bug reports. */
  id: string;
  /** The API-FACTS section the row is in. */
  section: KvFactSection;
  /** The API-FACTS row, in short. */
  fact: string;
  kind: KvFactKind;
  /** What API-FACTS (and the emulator) says. */
  expected: string;
  /** What the target answered; empty when not checked. */
  observed: string;
  status: KvFactStatus;
  /** Why a row was not checked, or what a difference means. */
  why?: string;
  /** Whether a difference fails the run (every setup and [doc] row; never a [choice] row). */
  required: boolean;
}

/** The whole run, as `telnyx-kv doctor --json` prints it. */
export interface KvFactsReport {
  /** The base URL the requests went to (`/v2` appended when missing), secrets removed. */
  baseUrl: string;
  /** The base URL as given, secrets removed. */
  givenBaseUrl: string;
  /** When the run started (ISO 8601, local clock). */
  startedAt: string;
  /** How long the run took, ms. */
  durationMs: number;
  /** Requests the run may spend, and how many it sent. */
  requests: { budget: number; sent: number };
  /** The temporary namespace: its name, its id once created, and whether it is gone at the end. */
  namespace: { name: string; id?: string; created: boolean; deleted: boolean; problem?: string };
  /** The one line that says why the setup failed, when it did (the fact checks then did not run). */
  setupProblem?: string;
  /** True when the run was interrupted (Ctrl-C) before every check ran. */
  interrupted: boolean;
  rows: KvFactRow[];
  /** True when every required row (setup and [doc]) is ok or not checked, and the setup held. */
  ok: boolean;
  /** Rows per status. */
  counts: Record<KvFactStatus, number>;
}

/** Options of {@link runFactChecks}. */
export interface KvFactsOptions {
  /** API root, with or without `/v2`. @default "https://api.telnyx.com/v2" */
  baseUrl?: string;
  /** Telnyx API key (or any token the emulator accepts); never printed. */
  apiKey: string;
  /** The `fetch` to send requests with. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Time limit of one request, ms. @default 10000 */
  timeoutMs?: number;
  /** Largest number of requests the run may send, cleanup included. @default KV_FACTS_DEFAULT_BUDGET (the plan, derived from the checks) */
  maxRequests?: number;
  /** Stops the checks (Ctrl-C); the temporary namespace is still deleted. @default undefined */
  signal?: AbortSignal;
  /** How long to wait for the namespace to reach `provision_ok` and, at the end, to be gone, ms. @default 40000 */
  waitMs?: number;
  /** Receives one line per step (what is being checked), for a progress display. @default undefined */
  onProgress?: (line: string) => void;
  /** Name of the temporary namespace. @default "telnyx-kv-doctor-<random>" */
  namespaceName?: string;
  /** Clock, ms (tests pass a fake to measure skew). @default Date.now */
  now?: () => number;
  /** Waits `ms` between status polls (tests pass a fast one); rate-limit waits are core's pacer's. @default setTimeout */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}
