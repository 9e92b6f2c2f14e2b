import type { KvClient, KvRetryOptions } from "@telnyx-kv/core";

/** Faults the suite asks the emulator for (mirrors the emulator's own option). */
export interface ConformanceFaults {
  latencyMs?: number;
  failureRate?: number;
  failureKinds?: Array<"500" | "502" | "503" | "408" | "429" | "reset">;
}

/** Options the suite passes when it needs a client of its own. */
export interface ConformanceClientOptions {
  /** Bearer token (each token is its own account on the emulator). */
  apiKey: string;
  retry?: KvRetryOptions | number | false;
  timeoutMs?: number;
}

/** What a client package provides to run the suite. */
export interface ConformanceTarget {
  /** Shown in test names. */
  name: string;
  /** Builds a client against the emulator under test. */
  createClient(options: ConformanceClientOptions): KvClient;
  /** Changes the emulator's faults for the whole server; omit where the platform cannot (faults tests skip). */
  setFaults?(faults: ConformanceFaults | undefined): Promise<void> | void;
  /** False when the client ignores `apiKey` (token provider, proxy): the empty-key test does not apply. @default true */
  usesApiKey?: boolean;
  /** True when every client shares one account (behind a proxy with its own key): isolation tests skip. */
  sharedAccount?: boolean;
  /** A token the emulator refuses, when it was started with a fixed token list. */
  refusedToken?: string;
}
